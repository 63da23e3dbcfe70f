"""The legal deadlines of petition handling, as versioned reference data (``refdata``).

Loaded by migration ``0002_legal_rules`` through ``refdata.rule_versions_load``; each petition
pins every key below at the date it was RECEIVED (``pin_rule``), so a change of the law (Luật
136/2025/QH15 and NĐ 154, 155, 156/2026 from 01/7/2026) never moves the deadline of a case
received before it. ``unit`` says whether working days or calendar days are counted.
"""

from __future__ import annotations

COMPLAINT_ACCEPTANCE = "reception.complaint.acceptance"
COMPLAINT_RESOLUTION_FIRST = "reception.complaint.resolution_first"
COMPLAINT_RESOLUTION_SECOND = "reception.complaint.resolution_second"
COMPLAINT_RESUME_MODE = "reception.complaint.resume_mode"
DENUNCIATION_PROCESSING = "reception.denunciation.initial_processing"
DENUNCIATION_PROCESSING_MULTI_SITE = "reception.denunciation.initial_processing_multi_site"
DENUNCIATION_FORWARD = "reception.denunciation.forward"
DENUNCIATION_RESOLUTION = "reception.denunciation.resolution"
PETITION_REPLY = "reception.petition.reply"
DENUNCIATION_NOTICE = "reception.denunciation.notice"
DENUNCIATION_EXTENSIONS = "reception.denunciation.extensions"
# The reception register and the leaders' reception days
CITIZEN_REPLY = "reception.citizen.reply"
GROUP_REPRESENTATIVES = "reception.citizen.group_representatives"
REFUSAL_NOTICE = "reception.citizen.refusal_notice"
LEADER_FREQUENCY = "reception.schedule.leader_frequency"
ONLINE_NOTICE = "reception.online.notice"

ALL_KEYS = (
    COMPLAINT_ACCEPTANCE,
    COMPLAINT_RESOLUTION_FIRST,
    COMPLAINT_RESOLUTION_SECOND,
    COMPLAINT_RESUME_MODE,
    DENUNCIATION_PROCESSING,
    DENUNCIATION_PROCESSING_MULTI_SITE,
    DENUNCIATION_FORWARD,
    DENUNCIATION_RESOLUTION,
    PETITION_REPLY,
    DENUNCIATION_NOTICE,
    DENUNCIATION_EXTENSIONS,
)
#: Pinned on each entry of the reception register at the day of the reception.
REGISTER_KEYS = (CITIZEN_REPLY, GROUP_REPRESENTATIVES)
#: Pinned too when in force on the day (the NĐ 154/2026 rules have no earlier version).
REGISTER_OPTIONAL_KEYS = (REFUSAL_NOTICE,)

LAW_2011_FROM = "2012-07-01"  # Luật Khiếu nại 2011 in force
LAW_2018_FROM = "2019-01-01"  # Luật Tố cáo 2018 in force
LAW_2013_FROM = "2014-07-01"  # Luật Tiếp công dân 2013 in force
AMENDED_FROM = "2026-07-01"  # Luật 136/2025/QH15, NĐ 154/155/156/2026 in force
BEFORE_AMENDMENT = "2026-06-30"

ENTRIES: list[dict] = [
    {
        "key": COMPLAINT_ACCEPTANCE,
        "value": 10,
        "unit": "calendar_days",
        "legal_basis": "Luật Khiếu nại 2011, Điều 27 và Điều 36",
        "valid_from": LAW_2011_FROM,
        "valid_to": BEFORE_AMENDMENT,
        "note": "Thụ lý khiếu nại lần đầu và lần hai trong 10 ngày kể từ ngày nhận đơn.",
    },
    {
        "key": COMPLAINT_ACCEPTANCE,
        "value": 7,
        "unit": "working_days",
        "legal_basis": "Luật 136/2025/QH15; Nghị định 155/2026/NĐ-CP sửa đổi Nghị định "
        "124/2020/NĐ-CP, Điều 16",
        "valid_from": AMENDED_FROM,
        "note": "Thụ lý khiếu nại lần đầu và lần hai trong 07 ngày làm việc.",
    },
    {
        "key": COMPLAINT_RESOLUTION_FIRST,
        "value": {"normal": 30, "complex": 45, "remote": 45, "remote_complex": 60},
        "unit": "calendar_days",
        "legal_basis": "Luật Khiếu nại 2011, Điều 28",
        "valid_from": LAW_2011_FROM,
        "note": "Tính từ ngày thụ lý. Luật 136/2025 chưa được đối chiếu toàn văn: kiểm tra lại "
        "nếu thời hạn này thay đổi từ 01/7/2026.",
    },
    {
        "key": COMPLAINT_RESOLUTION_SECOND,
        "value": {"normal": 45, "complex": 60, "remote": 60, "remote_complex": 70},
        "unit": "calendar_days",
        "legal_basis": "Luật Khiếu nại 2011, Điều 37",
        "valid_from": LAW_2011_FROM,
        "note": "Tính từ ngày thụ lý. Luật 136/2025 chưa được đối chiếu toàn văn: kiểm tra lại "
        "nếu thời hạn này thay đổi từ 01/7/2026.",
    },
    {
        "key": COMPLAINT_RESUME_MODE,
        "value": "resume",
        "unit": "",
        "legal_basis": "Nghị định 124/2020/NĐ-CP",
        "valid_from": LAW_2011_FROM,
        "valid_to": BEFORE_AMENDMENT,
        "note": "[Chưa xác minh] Trước 01/7/2026: thời gian tạm đình chỉ không tính vào thời "
        "hạn giải quyết; tiếp tục với thời gian còn lại.",
    },
    {
        "key": COMPLAINT_RESUME_MODE,
        "value": "restart",
        "unit": "",
        "legal_basis": "Luật Khiếu nại sửa đổi bởi Luật 136/2025/QH15, Điều 11a; Nghị định "
        "155/2026/NĐ-CP (Mẫu 14a, 14b)",
        "valid_from": AMENDED_FROM,
        "note": "Khi tiếp tục giải quyết, thời hạn được tính lại từ đầu.",
    },
    {
        "key": DENUNCIATION_PROCESSING,
        "value": 7,
        "unit": "working_days",
        "legal_basis": "Luật Tố cáo 2018, Điều 24 khoản 1",
        "valid_from": LAW_2018_FROM,
        "note": "Vào sổ, phân loại, xác minh người tố cáo, kiểm tra điều kiện thụ lý.",
    },
    {
        "key": DENUNCIATION_PROCESSING_MULTI_SITE,
        "value": 10,
        "unit": "working_days",
        "legal_basis": "Luật Tố cáo 2018, Điều 24 khoản 1",
        "valid_from": LAW_2018_FROM,
        "note": "Khi cần kiểm tra, xác minh tại nhiều địa điểm.",
    },
    {
        "key": DENUNCIATION_FORWARD,
        "value": 5,
        "unit": "working_days",
        "legal_basis": "Luật Tố cáo 2018, Điều 24 khoản 2",
        "valid_from": LAW_2018_FROM,
        "note": "Tố cáo không thuộc thẩm quyền: chuyển đến cơ quan có thẩm quyền và thông báo "
        "cho người tố cáo.",
    },
    {
        "key": DENUNCIATION_RESOLUTION,
        "value": {"base": 30, "extension": 30, "max_extensions": 2},
        "unit": "calendar_days",
        "legal_basis": "Luật Tố cáo 2018, Điều 30",
        "valid_from": LAW_2018_FROM,
        "note": "Tính từ ngày thụ lý; phức tạp gia hạn một lần, đặc biệt phức tạp hai lần, "
        "mỗi lần không quá 30 ngày.",
    },
    {
        "key": PETITION_REPLY,
        "value": 10,
        "unit": "working_days",
        "legal_basis": "Luật Tiếp công dân 2013, Điều 28; Thông tư 05/2021/TT-TTCP",
        "valid_from": LAW_2013_FROM,
        "note": "[Chưa xác minh theo TT 05/2021] Trả lời, xử lý đơn kiến nghị, phản ánh trong "
        "10 ngày làm việc kể từ ngày nhận.",
    },
    {
        "key": DENUNCIATION_NOTICE,
        "value": 5,
        "unit": "working_days",
        "legal_basis": "Luật Tố cáo 2018, Điều 29",
        "valid_from": LAW_2018_FROM,
        "note": "Thông báo cho người tố cáo việc thụ lý hoặc không thụ lý tố cáo (nêu rõ lý do) "
        "trong 05 ngày làm việc kể từ ngày quyết định. [Chưa xác minh] thời hạn 05 ngày áp dụng "
        "cho cả thông báo không thụ lý.",
    },
    {
        "key": DENUNCIATION_EXTENSIONS,
        "value": {"complex": 1, "especially_complex": 2, "days_each": 30},
        "unit": "calendar_days",
        "legal_basis": "Luật Tố cáo 2018, Điều 30 khoản 1",
        "valid_from": LAW_2018_FROM,
        "note": "Vụ việc phức tạp gia hạn một lần, đặc biệt phức tạp gia hạn hai lần; mỗi lần "
        "không quá 30 ngày; bằng văn bản.",
    },
    {
        "key": CITIZEN_REPLY,
        "value": 10,
        "unit": "working_days",
        "legal_basis": "Luật Tiếp công dân 2013, Điều 28",
        "valid_from": LAW_2013_FROM,
        "note": "Trả lời công dân trong 10 ngày làm việc kể từ ngày nhận nội dung: đã thụ lý, "
        "cần thêm thời gian xác minh, không thụ lý, hoặc đã chuyển đơn.",
    },
    {
        "key": GROUP_REPRESENTATIVES,
        "value": {
            "group_from": 5,
            "small_group_to": 10,
            "small_group_max": 2,
            "large_group_max": 5,
        },
        "unit": "",
        "legal_basis": "Luật Tiếp công dân 2013, Điều 30; Nghị định 154/2026/NĐ-CP",
        "valid_from": LAW_2013_FROM,
        "note": "Nhiều người cùng nội dung: 05–10 người cử 01–02 người đại diện; trên 10 người "
        "cử thêm nhưng không quá 05 người; văn bản cử đại diện có chữ ký của những người cử.",
    },
    {
        "key": REFUSAL_NOTICE,
        "value": 3,
        "unit": "working_days",
        "legal_basis": "Luật 136/2025/QH15; Nghị định 154/2026/NĐ-CP, Điều 4 (Mẫu 01/TCD)",
        "valid_from": AMENDED_FROM,
        "note": "Thông báo từ chối tiếp bằng văn bản trong 03 ngày làm việc khi vụ việc đã giải "
        "quyết đúng pháp luật mà vẫn cố tình khiếu nại, hoặc kiến nghị lặp lại không có nội "
        "dung mới.",
    },
    {
        "key": LEADER_FREQUENCY,
        "value": {
            "chu_tich_tinh": {"period": "month", "min_days": 1},
            "chu_tich_xa": {"period": "week", "min_days": 1},
            "thu_truong": {"period": "month", "min_days": 1},
        },
        "unit": "",
        "legal_basis": "Luật Tiếp công dân 2013, Điều 12, Điều 15, Điều 18",
        "valid_from": LAW_2013_FROM,
        "note": "Chủ tịch UBND cấp tỉnh ít nhất 01 ngày trong 01 tháng; Chủ tịch UBND cấp xã ít "
        "nhất 01 ngày trong 01 tuần; thủ trưởng cơ quan ít nhất 01 ngày trong 01 tháng. [Chưa "
        "đối chiếu Luật 136/2025/QH15.]",
    },
    {
        "key": ONLINE_NOTICE,
        "value": {"notice_working_days": 5, "test_days_before": 1, "connect_hours_before": 1},
        "unit": "working_days",
        "legal_basis": "Nghị định 154/2026/NĐ-CP, Chương V",
        "valid_from": AMENDED_FROM,
        "note": "Tiếp công dân trực tuyến: thông báo cho các điểm cầu ít nhất 05 ngày làm việc "
        "trước buổi tiếp; kiểm tra đường truyền 01 ngày trước; kết nối trước 01 giờ.",
    },
]
