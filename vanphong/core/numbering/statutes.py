"""Statutory rules implemented by the numbering kernel."""

from vanphong.core.statutes import register

ND30_D15_GAPLESS = register(
    "ND30-D15-GAPLESS",
    "Nghị định 30/2020/NĐ-CP, Điều 15, 22; Phụ lục I",
    "Số văn bản đi và số đến được cấp liên tiếp trong kỳ (năm dương lịch), bắt đầu từ 01 ngày "
    "01 tháng 01 (giờ Việt Nam); số đã cấp không bao giờ dùng lại, chỉ được hủy bằng thao tác "
    "có ghi lý do và nhật ký.",
)
