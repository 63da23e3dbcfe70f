"""Kernel part: assignments."""
