from vanphong.core.statutes import register

register(
    "ND118-STEPS-WITHIN-LIMIT",
    "Nghị định 118/2025/NĐ-CP (quy trình nội bộ giải quyết thủ tục hành chính do Chủ tịch UBND "
    "tỉnh phê duyệt); ngày làm việc tính 8 giờ làm việc",
    "The hour budgets of a procedure's internal steps add up to no more than its legal time "
    "limit × 8 working hours (a same-day procedure: 8 hours).",
)

register(
    "ND118-PROCEDURE-VERSION-KEPT",
    "Nghị định 118/2025/NĐ-CP; Thông tư 03/2025/TT-VPCP — hồ sơ giải quyết theo thủ tục có hiệu "
    "lực tại thời điểm tiếp nhận",
    "Each published version of a procedure is kept unchanged (snapshot, number, valid from); a "
    "change to a published procedure creates a new version, so a dossier can pin the one in force.",
)

register(
    "TTHC-CODE-FORMAT",
    "Nghị định 63/2010/NĐ-CP (Cơ sở dữ liệu quốc gia về thủ tục hành chính); mã TTHC trên Cổng "
    "Dịch vụ công quốc gia",
    "A procedure's national code is a digit, a dot and six digits (1.001193), optionally followed "
    "by up to four dot-separated segments of 2–4 capital letters/digits (1.000948.H38).",
)
