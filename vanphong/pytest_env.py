"""Loaded first by pytest (``-p vanphong.pytest_env`` in pyproject.toml), before Django's settings.

Tests run with DEBUG off, as in production; these keys serve the test process only.
"""

import os

os.environ.setdefault("SECRET_KEY", "test-only-secret-key-not-for-production")
os.environ.setdefault("EVENTLOG_ANCHOR_KEY", "test-only-anchor-key")
os.environ.setdefault("FIELD_ENCRYPTION_KEY", "dGVzdC1vbmx5LWZpZWxkLWtleS0zMi1ieXRlcy0hISE=")
os.environ.setdefault("EMAIL_URL", "locmem://")
os.environ.setdefault("ALLOWED_HOSTS", "testserver,127.0.0.1,localhost")
os.environ.setdefault("SESSION_COOKIE_SECURE", "false")
