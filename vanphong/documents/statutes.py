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
