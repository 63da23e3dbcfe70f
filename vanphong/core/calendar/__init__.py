"""Kernel part: calendar."""
