"""Statutory rules implemented by the tasks module."""

from vanphong.core.statutes import register

register(
    "TASKS-KY-BAO-CAO",
    "Nghị định 09/2019/NĐ-CP Điều 12",
    "Thời gian chốt số liệu báo cáo định kỳ: tháng từ ngày 15 tháng trước đến ngày 14 tháng "
    "thuộc kỳ; quý, 6 tháng, năm tương tự (năm: 15/12 năm trước đến 14/12).",
)
register(
    "TASKS-HAN-NGAY-LAM-VIEC",
    "QĐ 188/1999/QĐ-TTg (ngày làm việc); Quy chế làm việc của UBND (thời hạn giao việc)",
    "Thời hạn nhiệm vụ tính bằng ngày làm việc, không kể ngày giao, hết hạn cuối giờ làm việc.",
)
register(
    "TASKS-HAN-KHONG-TRUOC-NGAY-GIAO",
    "Quy chế làm việc của UBND (giao nhiệm vụ có thời hạn)",
    "Hạn hoàn thành không được trước ngày giao nhiệm vụ.",
)
