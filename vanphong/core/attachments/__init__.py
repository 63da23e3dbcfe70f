"""Kernel part: attachments."""
