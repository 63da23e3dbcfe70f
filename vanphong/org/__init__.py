"""Agencies, units, positions, officials, roles and delegation."""
