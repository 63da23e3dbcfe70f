"""Signals of the documents module, for the modules that build on it (meetings, reports).

``outgoing_issued`` is sent once an outgoing document has been issued, AFTER the issuing
transaction commits (never for a rolled-back issue), with ``sender=OutgoingDocument`` and
``document=<OutgoingDocument>``. Listen with::

    from vanphong.documents.signals import outgoing_issued

    @receiver(outgoing_issued)
    def on_issued(sender, document, **kwargs):
        if document.source_type_id == ...: ...
"""

from django.dispatch import Signal

outgoing_issued = Signal()
