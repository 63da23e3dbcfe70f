"""Kernel part: numbering."""
