"""The shared case kernel: clock, working-day calendar, deadlines, assignments, numbering,
event log, attachments, search, permissions and versioned reference data. Modules use these
public functions; none writes its own copy."""
