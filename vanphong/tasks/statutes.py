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
register(
    "TASKS-GIA-HAN",
    "Quy chế làm việc của UBND (gia hạn nhiệm vụ do người giao quyết định)",
    "Gia hạn đặt hạn hiện tại mới và giữ hạn ban đầu; hoàn thành trong hạn gia hạn là đúng hạn "
    "và được thống kê là có gia hạn.",
)
register(
    "TASKS-NHAC-VIEC",
    "Quy chế làm việc của UBND (theo dõi, đôn đốc thực hiện nhiệm vụ)",
    "Nhắc việc trước hạn một số ngày làm việc cấu hình được và vào ngày quá hạn; mỗi lần nhắc "
    "chỉ gửi một lần.",
)
