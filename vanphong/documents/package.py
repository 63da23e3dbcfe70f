"""The delivery package of an issued document for agencies outside the platform: a zip with
the issued file as stored, the attachments, and ``metadata.json`` carrying the Phụ lục VI
(NĐ 30/2020) metadata of an outgoing document under its normative names. The national exchange
format (edXML, QCVN 102:2016) comes later; this package is what a clerk sends meanwhile."""

from __future__ import annotations

import io
import json
import zipfile

from vanphong.core.attachments.services import attachment_read
from vanphong.documents.models import URGENCY_RANK, OutgoingDocument, RecipientKind, Urgency


def _split_code(code: str) -> tuple[str, str]:
    number, _sep, notation = code.partition("/")
    return number, notation


def phu_luc_vi_metadata(document: OutgoingDocument) -> dict:
    """Phụ lục VI, "Văn bản đi": fields 1–16 (FileCode filled when the document is filed)."""
    number, notation = _split_code(document.code)
    to = []
    for r in document.recipients.select_related("agency", "unit").order_by("kind", "id"):
        if r.kind == RecipientKind.AGENCY:
            to.append({"OrganId": r.agency.identifier, "OrganName": r.agency.name})
        elif r.kind == RecipientKind.EXTERNAL:
            to.append({"OrganId": r.external_identifier, "OrganName": r.external_name})
    return {
        "FileCode": {
            "OrganId": document.agency.identifier,
            "FileCatalog": document.year,
            "FileNotation": "",
        },
        "DocOrdinal": None,
        "TypeName": document.doc_type.name,
        "CodeNumber": number,
        "CodeNotation": notation,
        "IssuedDate": document.issue_date.isoformat() if document.issue_date else None,
        "OrganName": document.agency.name,
        "Subject": document.trich_yeu,
        "Language": "Tiếng Việt",
        "PageAmount": None,
        "Description": document.note,
        "SignerInfo": {
            "Competence": document.competence,
            "Position": document.signer_position,
            "FullName": document.signer_name,
        },
        "To": to,
        "ToPlaces": document.noi_nhan,
        # edXML Priority: 0 Thường, 1 Khẩn, 2 Thượng khẩn, 3 Hỏa tốc.
        "Priority": URGENCY_RANK[Urgency(document.urgency)],
        "IssuedAmount": document.copies,
        "DueDate": None,
    }


def outgoing_package(document: OutgoingDocument) -> tuple[str, bytes]:
    """``(file name, zip bytes)`` of an issued document. The caller checks the right to see it."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(
            "metadata.json",
            json.dumps(phu_luc_vi_metadata(document), ensure_ascii=False, indent=2),
        )
        if document.issued_file_id:
            f = document.issued_file
            archive.writestr(f"van-ban/{f.original_name}", attachment_read(f))
        for extra in document.attachments.select_related("file"):
            archive.writestr(
                f"kem-theo/{extra.file_id}-{extra.file.original_name}", attachment_read(extra.file)
            )
    safe = (document.code or f"du-thao-{document.pk}").replace("/", "_")
    return f"{safe}.zip", buffer.getvalue()
