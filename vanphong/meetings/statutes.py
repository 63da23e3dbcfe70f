"""Rules implemented by the meetings module and the weekly work schedule."""

from vanphong.core.statutes import register

register(
    "MEETINGS-THOIGIAN-HOP",
    "Thiết kế (issue 4): dữ liệu cuộc họp hợp lệ",
    "Một cuộc họp kết thúc sau khi bắt đầu; dữ liệu sai bị từ chối, không ghi gì.",
)
register(
    "MEETINGS-TRUNG-PHONG",
    "Thiết kế (issue 4): phòng họp không được đặt trùng",
    "Một phòng họp không được đặt cho hai cuộc họp trùng thời gian: từ chối.",
)
register(
    "MEETINGS-TRUNG-LICH-LANH-DAO",
    "Thiết kế (issue 4): cảnh báo trùng lịch lãnh đạo",
    "Lãnh đạo (chủ trì hoặc dự họp) có hai cuộc họp trùng giờ: cảnh báo; chỉ lên lịch khi "
    "xác nhận rõ, việc xác nhận được ghi nhật ký.",
)
register(
    "MEETINGS-ICAL-RFC5545",
    "RFC 5545 (iCalendar) §3.8.4.7 UID, §3.8.7.4 SEQUENCE, §3.8.1.11 STATUS, §3.6.5 VTIMEZONE",
    "Lịch họp cá nhân: UID ổn định cho mỗi cuộc họp, SEQUENCE tăng mỗi lần thay đổi, "
    "STATUS:CANCELLED khi hủy, VTIMEZONE Asia/Ho_Chi_Minh; sai mã bí mật trả 404.",
)
register(
    "MEETINGS-LICH-TUAN-CONG-BO",
    "Quy chế làm việc của UBND tỉnh (mẫu: NĐ 138/2016/NĐ-CP; điều khoản chưa đối chiếu); thiết kế",
    "Lịch công tác tuần được duyệt trước khi công bố; thay đổi sau khi công bố được đánh dấu.",
)
register(
    "MEETINGS-KETLUAN-NHIEMVU",
    "NĐ 30/2020/NĐ-CP Điều 7 (thông báo, giấy mời là văn bản hành chính); thiết kế (issue 4)",
    "Thông báo kết luận được ban hành qua văn bản đi; mỗi nội dung kết luận thành một nhiệm vụ "
    "(một bước), gắn với cuộc họp.",
)
