"""Legal reference data of documents, versioned (``refdata``).

Whether a document type is legal-normative (văn bản quy phạm pháp luật) is set by the law on
legal documents, not by NĐ 30/2020: it changes with that law, so it is a rule version, not a
constant. An issued document pins the version in force on its issue date
(``OutgoingDocument.legal_normative_rule``), which decides its number sequence and the shape of
its code (``12/2026/QĐ-UBND``). Loaded by migration ``0004_legal_rules``.
"""

from __future__ import annotations

#: Value: ``{"types": [DocumentType.name, ...]}`` — the legal-normative types.
LEGAL_NORMATIVE_TYPES = "documents.legal_normative_types"

ENTRIES = [
    {
        "key": LEGAL_NORMATIVE_TYPES,
        "value": {"types": ["Nghị quyết (quy phạm pháp luật)", "Quyết định (quy phạm pháp luật)"]},
        "legal_basis": (
            "Luật Ban hành văn bản quy phạm pháp luật (Điều 4: nghị quyết của Hội đồng nhân dân, "
            "quyết định của Ủy ban nhân dân cấp tỉnh, cấp xã); số, ký hiệu có năm ban hành."
        ),
        "valid_from": "2016-07-01",
        "note": (
            "Chưa đối chiếu với Luật Ban hành văn bản quy phạm pháp luật năm 2025; thêm phiên "
            "bản mới khi danh mục hình thức văn bản thay đổi."
        ),
    },
]
