"""Statutory rules implemented by the working-day calendar and the deadlines kernel."""

from vanphong.core.statutes import register

register(
    "BLLD2019-D112-HOLIDAYS",
    "Bộ luật Lao động 2019, Điều 112",
    "Public holidays are days off: Tết Dương lịch (1/1), Tết Âm lịch (5 days, dates set each "
    "year), Chiến thắng (30/4), Quốc tế Lao động (1/5), Quốc khánh (2/9 and one adjacent day), "
    "Giỗ Tổ Hùng Vương (10/3 âm lịch) — taken from holidays.VN(language='vi').",
)
register(
    "BLLD2019-D111-NGHI-BU",
    "Bộ luật Lao động 2019, Điều 111 khoản 3",
    "A holiday falling on the weekly rest day is made up (nghỉ bù) on the next working day, "
    "e.g. Giỗ Tổ on Sunday 26/4/2026 → Monday 27/4/2026 off.",
)
register(
    "BNV-2026-SWAP",
    "Thông báo 9441/TB-BNV (Bộ Nội vụ) về lịch nghỉ Tết Âm lịch và Quốc khánh 2026",
    "Civil servants: Tết off 16/2–20/2/2026; Monday 31/8/2026 off, swapped with Saturday "
    "22/8/2026 worked; Quốc khánh 1/9–2/9/2026 off.",
)
register(
    "CAL-OVERRIDE",
    "Thông báo hằng năm của Bộ Nội vụ; quyết định của cơ quan có thẩm quyền",
    "A calendar override (day off or working day) recorded by an administrator wins over the "
    "holiday package and the Monday–Friday week, takes effect at once, and removing it "
    "restores the previous answer.",
)
register(
    "QD188-1999-WEEK",
    "Quyết định 188/1999/QĐ-TTg (chế độ tuần làm việc 40 giờ)",
    "Civil-service week Monday–Friday, 8 working hours a day (office hours as data, default "
    "07:30–11:30 and 13:30–17:30); Saturday and Sunday are rest days.",
)
register(
    "DEADLINE-STATUS",
    "Nghị định 118/2025/NĐ-CP, Thông tư 03/2025/TT-VPCP (Mẫu 06: trước hạn / đúng hạn / quá "
    "hạn); Nghị định 30/2020/NĐ-CP (theo dõi, đôn đốc)",
    "One status vocabulary for every case: open chưa đến hạn / sắp đến hạn (N working days "
    "before the due moment) / quá hạn (after the due moment); finished trước hạn (before the "
    "due day), đúng hạn (on the due day by the due moment), quá hạn (after the due moment).",
)
