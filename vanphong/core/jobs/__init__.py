"""Background jobs with progress shown to the user (long exports, registers)."""
