"""VănPhòng: e-office and one-stop system for Vietnamese People's Committee Offices."""
