"""Reactions to other modules: an outgoing document drafted for a meeting (invitation,
conclusion notice) is issued by the documents module → its number is kept on the meeting."""

from __future__ import annotations


def on_outgoing_issued(sender=None, document=None, actor=None, **kwargs) -> None:
    from vanphong.meetings.services import record_issued

    document = document if document is not None else kwargs.get("instance")
    if document is None:
        return
    record_issued(document, actor=actor or kwargs.get("acting_user"))


def connect() -> bool:
    """Connect to ``vanphong.documents.signals.outgoing_issued`` when the documents module
    provides it (True when connected)."""
    try:
        from vanphong.documents.signals import outgoing_issued
    except ImportError:
        return False
    outgoing_issued.connect(on_outgoing_issued, dispatch_uid="meetings.on_outgoing_issued")
    return True
