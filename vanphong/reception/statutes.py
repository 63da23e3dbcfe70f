"""Statutory rules implemented by the petition register (reception)."""

from vanphong.core.statutes import register

register(
    "RECEPTION-KN-THULY",
    "Luật Khiếu nại 2011 Đ27, Đ36; Luật 136/2025/QH15; NĐ 155/2026 (sửa NĐ 124/2020 Đ16)",
    "Thụ lý khiếu nại trong 10 ngày (đơn nhận đến 30/6/2026), 07 ngày làm việc từ 01/7/2026.",
)
register(
    "RECEPTION-KN-GIAIQUYET",
    "Luật Khiếu nại 2011 Đ28, Đ37",
    "Giải quyết khiếu nại lần đầu 30/45/45/60 ngày, lần hai 45/60/60/70 ngày kể từ thụ lý "
    "(thường / phức tạp / vùng xa / vùng xa và phức tạp).",
)
register(
    "RECEPTION-KN-TAMDINHCHI",
    "Luật Khiếu nại sửa đổi bởi Luật 136/2025/QH15 Đ11a; NĐ 155/2026 (Mẫu 14a, 14b)",
    "Tạm đình chỉ giải quyết khiếu nại dừng thời hạn; từ 01/7/2026 tiếp tục thì tính lại từ đầu.",
)
register(
    "RECEPTION-TC-XULYBANDAU",
    "Luật Tố cáo 2018 Đ24 khoản 1",
    "Xử lý ban đầu đơn tố cáo trong 07 ngày làm việc, 10 ngày làm việc nếu cần xác minh nhiều nơi.",
)
register(
    "RECEPTION-TC-CHUYEN",
    "Luật Tố cáo 2018 Đ24 khoản 2; TT 05/2021/TT-TTCP",
    "Tố cáo không thuộc thẩm quyền chuyển trong 05 ngày làm việc, và chỉ chuyển một lần.",
)
register(
    "RECEPTION-TC-GIAIQUYET",
    "Luật Tố cáo 2018 Đ30",
    "Giải quyết tố cáo trong 30 ngày kể từ thụ lý.",
)
register(
    "RECEPTION-TC-NACDANH",
    "Luật Tố cáo 2018 Đ25",
    "Đơn tố cáo nặc danh, mạo danh không được xử lý như tố cáo; được lưu làm thông tin.",
)
register(
    "RECEPTION-TC-BAOVE",
    "Luật Tố cáo 2018 Đ8, Đ47; NĐ 156/2026",
    "Danh tính người tố cáo được mã hóa, chỉ người giải quyết thấy, bị che ở mọi nơi khác, "
    "mỗi lần xem được ghi nhật ký.",
)
register(
    "RECEPTION-KNPA-TRALOI",
    "Luật Tiếp công dân 2013 Đ28; TT 05/2021/TT-TTCP",
    "Xử lý, trả lời đơn kiến nghị, phản ánh trong 10 ngày làm việc.",
)
register(
    "RECEPTION-HUONGDAN-MOTLAN",
    "TT 05/2021/TT-TTCP; TT 07/2014/TT-TTCP",
    "Chỉ hướng dẫn người gửi đơn một lần về cùng nội dung.",
)
register(
    "RECEPTION-DON-TRUNG",
    "TT 05/2021/TT-TTCP",
    "Đơn trùng (cùng người, cùng nội dung) được liên kết với đơn trước, không tính là đơn mới.",
)
register(
    "RECEPTION-DON-TACH",
    "Luật Tiếp công dân 2013 Đ25; NĐ 154/2026 Đ14",
    "Đơn có nhiều nội dung khác nhau được tách thành các đơn riêng.",
)
register(
    "RECEPTION-HIEULUC-THEO-NGAYNHAN",
    "Luật 136/2025/QH15 (quy định chuyển tiếp); thiết kế: phiên bản quy định theo ngày nhận",
    "Đơn giữ phiên bản quy định có hiệu lực vào ngày nhận đơn.",
)
register(
    "RECEPTION-TC-GIAHAN",
    "Luật Tố cáo 2018 Đ30 khoản 1",
    "Gia hạn giải quyết tố cáo: phức tạp một lần, đặc biệt phức tạp hai lần, mỗi lần không quá "
    "30 ngày, bằng văn bản.",
)
register(
    "RECEPTION-TC-THONGBAO",
    "Luật Tố cáo 2018 Đ29",
    "Thông báo cho người tố cáo việc thụ lý hoặc không thụ lý trong 05 ngày làm việc.",
)
register(
    "RECEPTION-TCD-SOTIEP",
    "Luật Tiếp công dân 2013; NĐ 154/2026 (Mẫu 01, 02, 03/TCD)",
    "Mỗi lượt tiếp được ghi vào sổ tiếp công dân (13 cột của Mẫu 03/TCD), đánh số theo năm; "
    "nhận đơn thì có giấy biên nhận (Mẫu 02/TCD) và đơn được vào sổ xử lý đơn.",
)
register(
    "RECEPTION-TCD-TRALOI",
    "Luật Tiếp công dân 2013 Đ28",
    "Trả lời công dân trong 10 ngày làm việc kể từ ngày nhận nội dung.",
)
register(
    "RECEPTION-TCD-DAIDIEN",
    "Luật Tiếp công dân 2013 Đ30; NĐ 154/2026",
    "Nhiều người cùng nội dung: 05–10 người cử 01–02 đại diện; trên 10 người không quá 05 "
    "đại diện; có văn bản cử đại diện.",
)
register(
    "RECEPTION-TCD-TUCHOI",
    "Luật Tiếp công dân 2013 Đ9; NĐ 154/2026 Đ4 (Mẫu 01/TCD)",
    "Từ chối tiếp có lý do và thông báo bằng văn bản; vụ việc đã giải quyết mà vẫn cố tình "
    "khiếu nại, kiến nghị lặp lại: thông báo trong 03 ngày làm việc.",
)
register(
    "RECEPTION-TCD-LICHTIEP",
    "Luật Tiếp công dân 2013 Đ12, Đ15, Đ18",
    "Chủ tịch UBND tỉnh tiếp công dân ít nhất 01 ngày mỗi tháng, Chủ tịch UBND xã ít nhất 01 "
    "ngày mỗi tuần; lịch tiếp được công bố.",
)
register(
    "RECEPTION-TCD-TRUCTUYEN",
    "NĐ 154/2026 Chương V",
    "Tiếp công dân trực tuyến: thông báo ít nhất 05 ngày làm việc trước, kiểm tra đường truyền "
    "01 ngày trước, kết nối trước 01 giờ.",
)
register(
    "RECEPTION-DON-TRUCTUYEN",
    "Luật Tiếp công dân 2013; TT 05/2021/TT-TTCP Đ4 (đơn gửi qua cổng thông tin điện tử); "
    "Luật Bảo vệ dữ liệu cá nhân 2025 (Luật số 91/2025/QH15) — sự đồng ý của chủ thể dữ liệu",
    "Đơn gửi trực tuyến vào sổ xử lý đơn như đơn gửi trực tiếp (cùng thời hạn, niêm phong danh "
    "tính người tố cáo, gợi ý đơn trùng); chỉ nhận khi người gửi đồng ý xử lý dữ liệu cá nhân; "
    "trang tra cứu công khai không có dữ liệu cá nhân.",
)
