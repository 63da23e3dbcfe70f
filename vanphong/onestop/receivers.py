"""Reactions to other modules: a result document drafted for a dossier is issued by the
documents module (signal ``outgoing_issued``) → it becomes the dossier's result."""

from __future__ import annotations


def on_outgoing_issued(sender=None, document=None, **kwargs) -> None:
    from django.contrib.contenttypes.models import ContentType

    from vanphong.onestop.models import Dossier
    from vanphong.onestop.services import dossier_result_document_issued

    if document is None or document.source_type_id is None:
        return
    if document.source_type_id != ContentType.objects.get_for_model(Dossier).pk:
        return
    dossier_result_document_issued(document=document)


def connect() -> None:
    from vanphong.documents.signals import outgoing_issued

    outgoing_issued.connect(on_outgoing_issued, dispatch_uid="onestop.on_outgoing_issued")
