"""Kernel part: eventlog."""
