"""Rules implemented by the hotline (feedback)."""

from vanphong.core.statutes import register

register(
    "FEEDBACK-SLA",
    "Quy chế tiếp nhận, xử lý phản ánh, kiến nghị của tỉnh (thời hạn theo lĩnh vực là dữ liệu "
    "danh mục); Luật Tiếp công dân 2013 Đ28 (10 ngày làm việc, mặc định)",
    "Hạn trả lời phản ánh tính bằng ngày làm việc theo lĩnh vực (và địa bàn) kể từ khi tiếp "
    "nhận; phân công đơn vị chịu trách nhiệm theo lĩnh vực và xã, phường.",
)
register(
    "FEEDBACK-MOLAI",
    "Quy chế tiếp nhận, xử lý phản ánh, kiến nghị (thời hạn mở lại là cấu hình "
    "FEEDBACK_REOPEN_WORKING_DAYS)",
    "Người phản ánh được mở lại phản ánh đã trả lời một lần, trong thời hạn quy định, bằng mã "
    "bí mật trên giấy biên nhận.",
)
register(
    "FEEDBACK-DLCN",
    "Luật Bảo vệ dữ liệu cá nhân 2025 (Luật số 91/2025/QH15)",
    "Thông tin liên hệ của người phản ánh được che trong danh sách, API, Open311, thư điện tử, "
    "trang quản trị; chỉ công khai họ tên khi người phản ánh đồng ý; nội dung công khai không "
    "chứa dữ liệu cá nhân.",
)
register(
    "FEEDBACK-ANH",
    "Luật Bảo vệ dữ liệu cá nhân 2025 (Luật số 91/2025/QH15)",
    "Ảnh được công khai sau khi xóa siêu dữ liệu (EXIF, vị trí GPS); bản gốc chỉ cán bộ xử lý xem.",
)
