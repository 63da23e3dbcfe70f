"""Statutory rules implemented by the one-stop module (onestop)."""

from vanphong.core.statutes import register

register(
    "ND118-HEN-TRA",
    "NĐ 118/2025/NĐ-CP Đ17, Đ22; TT 03/2025/TT-VPCP Mẫu 01; quy trình nội bộ 8 giờ/ngày",
    "Hẹn trả = thời hạn theo giờ làm việc (8 giờ/ngày) kể từ khi nhận; nhận sau giờ tiếp nhận "
    "cuối ngày (mặc định 15:00) thì tính từ giờ mở cửa ngày làm việc tiếp theo; bỏ qua ngày "
    "nghỉ, lễ, Tết và tính ngày thứ Bảy làm bù.",
)
register(
    "ND118-MA-HO-SO",
    "TT 03/2025/TT-VPCP Đ13 (sửa đổi bởi TT 04/2025/TT-VPCP)",
    "Mã hồ sơ <mã định danh cơ quan có thẩm quyền>-<YYMMDD>-<số thứ tự trong ngày, ≥4 chữ số>, "
    "duy nhất, một mã cho mọi kênh nộp.",
)
register(
    "ND118-DOSSIER-VERSION-KEPT",
    "NĐ 118/2025/NĐ-CP; thiết kế: hồ sơ giữ quy định có hiệu lực khi tiếp nhận",
    "Hồ sơ gắn với phiên bản thủ tục có hiệu lực lúc tiếp nhận; thủ tục sửa đổi sau không làm "
    "thay đổi thời hạn, thành phần, quy trình của hồ sơ đã nhận.",
)
register(
    "ND118-TIEP-NHAN-PHI-DIA-GIOI",
    "NĐ 118/2025/NĐ-CP Đ15, Đ17",
    "Tiếp nhận hồ sơ không phụ thuộc địa giới hành chính: hồ sơ ghi điểm hỗ trợ, nơi tiếp nhận "
    "và cơ quan có thẩm quyền.",
)
register(
    "ND118-BO-SUNG-MOT-LAN",
    "NĐ 118/2025/NĐ-CP; TT 03/2025/TT-VPCP Mẫu 02; văn bản chuyên ngành",
    "Yêu cầu bổ sung liệt kê đầy đủ một lần; mỗi cơ quan chỉ yêu cầu một lần trừ khi thủ tục "
    "cho phép nhiều hơn; thời hạn tạm dừng khi chờ bổ sung, tiếp tục hoặc tính lại khi nhận "
    "bổ sung theo quy định của thủ tục.",
)
register(
    "ND118-TU-CHOI",
    "NĐ 118/2025/NĐ-CP; TT 03/2025/TT-VPCP Mẫu 03",
    "Từ chối tiếp nhận, giải quyết hồ sơ phải có phiếu nêu rõ lý do.",
)
register(
    "ND118-DUNG-THEO-YEU-CAU",
    "NĐ 118/2025/NĐ-CP Đ21; TT 03/2025/TT-VPCP Đ7, Mẫu 05",
    "Dừng giải quyết theo đề nghị của người nộp chỉ khi chưa có kết quả.",
)
register(
    "ND118-XIN-LOI",
    "NĐ 118/2025/NĐ-CP; TT 03/2025/TT-VPCP Mẫu 04",
    "Hồ sơ sắp quá hạn: văn bản xin lỗi, hẹn lại ngày trả chậm nhất trước một ngày làm việc, "
    "chỉ một lần; hồ sơ vẫn tính là quá hạn.",
)
register(
    "ND118-DUNG-HAN",
    "QĐ 766/QĐ-TTg; TT 03/2025/TT-VPCP Mẫu 06",
    "Trước hạn: hoàn thành trước ngày hẹn; đúng hạn: trong ngày hẹn đến đúng giờ hẹn; quá hạn: "
    "sau giờ hẹn. Tính cho từng bước và cho cả hồ sơ.",
)
register(
    "ND118-QUY-TRINH-BUOC",
    "NĐ 118/2025/NĐ-CP; TT 03/2025/TT-VPCP Mẫu 06",
    "Hồ sơ đi qua các bước của quy trình nội bộ, mỗi bước có thời hạn riêng; được trả lại bước "
    "trước; phiếu kiểm soát lập từ nhật ký bàn giao.",
)
register(
    "ND118-DANH-GIA",
    "NĐ 118/2025/NĐ-CP Đ6; QĐ 766/QĐ-TTg",
    "Người nộp đánh giá hồ sơ đã có kết quả bằng mã tra cứu (PIN), một lần; tra cứu công khai "
    "không lộ thông tin cá nhân, mã sai và mã không tồn tại trả lời như nhau.",
)
register(
    "ND118-DONG-BO-CONG",
    "NĐ 118/2025/NĐ-CP; TT 04/2025/TT-VPCP",
    "Hồ sơ từ Cổng DVC quốc gia được tiếp nhận một lần theo mã của Cổng (đồng bộ lặp lại không "
    "tạo hồ sơ mới); mọi thay đổi trạng thái được đồng bộ ngược lên Cổng.",
)
register(
    "ND118-THONG-KE",
    "QĐ 766/QĐ-TTg; TT 03/2025/TT-VPCP Mẫu 07",
    "Số liệu thống kê lấy từ cột dữ kiện của từng hồ sơ ghi cùng giao dịch với nhật ký; dựng "
    "lại từ nhật ký cho cùng kết quả.",
)
