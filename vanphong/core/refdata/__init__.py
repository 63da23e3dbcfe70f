"""Kernel part: refdata."""
