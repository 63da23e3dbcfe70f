from vanphong.core.statutes import register

register(
    "ND30-INCOMING-NUMBER",
    "Nghị định 30/2020/NĐ-CP, Điều 21 và Phụ lục IV (số đến)",
    "The incoming number (số đến) follows the order of receipt within the calendar year: gapless, "
    "starting at 01 on 1 January (Vietnam time), one sequence shared by paper and electronic "
    "documents of the register.",
)
register(
    "ND30-CONFIDENTIAL-SEPARATE",
    "Nghị định 30/2020/NĐ-CP, Điều 15, 21; Luật Bảo vệ bí mật nhà nước 2018, Điều 5",
    "Confidential incoming documents (Mật, Tối mật, Tuyệt mật) are registered in their own "
    "register with their own number sequence, as metadata only (no file on a networked "
    "system), visible only to the people named, every view logged.",
)
register(
    "ND30-URGENCY-ORDER",
    "Nghị định 30/2020/NĐ-CP, Điều 4 và Điều 21–22 (văn bản khẩn)",
    "Urgent documents are handled first: every list puts Hỏa tốc before Thượng khẩn before Khẩn "
    "before Thường, then the newest first.",
)
register(
    "ND30-DUPLICATE-WARNING",
    "Nghị định 30/2020/NĐ-CP, Phụ lục VI (cảnh báo trùng văn bản)",
    "Registering a document with the same số + ký hiệu (normalised), issuer and year as an "
    "earlier one is refused with a warning naming it, unless the clerk confirms; the new entry "
    "is then linked to the earlier one.",
)
register(
    "ND30-PAPER-ORIGINAL-LINK",
    "Nghị định 30/2020/NĐ-CP, Điều 21 (văn bản điện tử và bản giấy)",
    "When the paper original of a registered electronic document arrives it is linked to the "
    "existing entry and gets no new số đến; a paper-channel entry has nothing to link.",
)
register(
    "ND30-OUTGOING-CODE",
    "Nghị định 30/2020/NĐ-CP, Phụ lục I, mục II.3 (số, ký hiệu văn bản)",
    "The code of an issued document is rendered exactly: `Số: 05/QĐ-UBND` (type abbreviation, "
    "issuer), công văn `Số: 12/UBND-KT` (issuer, drafting unit; no type abbreviation), "
    "legal-normative `Số: 12/2026/QĐ-UBND`; numbers below 10 with a leading zero, no spaces, "
    "abbreviations as Phụ lục III writes them (QĐ, QyĐ, TTr).",
)
register(
    "ND30-OUTGOING-SEQUENCES",
    "Nghị định 30/2020/NĐ-CP, Điều 15 (số văn bản đi)",
    "Outgoing numbers follow the issuing order within the calendar year, from 01 on 1 January, "
    "gapless. Administrative documents take one shared sequence or one per type as the agency "
    "configures; each legal-normative type has its own sequence (which types are "
    "legal-normative is versioned reference data, pinned at issue); confidential documents "
    "have their own.",
)
register(
    "ND30-ISSUE-ONCE",
    "Nghị định 30/2020/NĐ-CP, Điều 15–16 (cấp số, phát hành)",
    "Only an approved document is issued, once: its number, code and date are set at issue; "
    "issuing it again (or issuing an unapproved draft) is refused with 409 and changes nothing.",
)
register(
    "ND30-REVIEW-SIGN",
    "Nghị định 30/2020/NĐ-CP, Điều 10–13 và Phụ lục I, ô 7a–7c (duyệt, ký ban hành)",
    "A draft goes through the review chain configured for its type (unit leader → office "
    "leader → signer, by role); any reviewer may return it for revision with a reason; the "
    "signer's approval records the authority mark (TM., KT., TL., TUQ., Q.), the signer's "
    "name and position as a signature.",
)
register(
    "ND30-PLATFORM-DELIVERY",
    "Nghị định 30/2020/NĐ-CP, Điều 16, 20–21; QCVN 102:2016/BTTTT (trạng thái 01–06)",
    "An issued document reaches every agency on the platform at once as an incoming document "
    "in its own register with its own số đến, linked both ways; the sender sees each "
    "recipient's processing status; internal units see it; external agencies get a package.",
)
register(
    "ND30-RECALL",
    "Nghị định 30/2020/NĐ-CP, Điều 18 và Phụ lục VI; QCVN 102:2016/BTTTT (trạng thái 13, 15, 16)",
    "Recalling an issued document freezes the sender's copy with the reason, removes it from "
    "internal units at once and sends each recipient agency a recall request (13) that its "
    "văn thư accepts (15: its incoming copy is withdrawn) or refuses (16, with a reason).",
)
