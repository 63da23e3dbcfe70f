"""Kernel part: search."""
