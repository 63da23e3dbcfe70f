"""Demo catalogue: procedures of the demo province (cấp tỉnh) and its communes (cấp xã).

DEMO DATA. Names, components and legal bases follow the published procedure texts (not
protected works), but several national codes below are illustrative (marked ``# demo code``):
check them against the Cơ sở dữ liệu quốc gia về TTHC before real use. Fees decided by the
provincial People's Council (HĐND tỉnh) are illustrative amounts, and so are the fees whose
note is ``MINH_HOA`` ("Mức minh họa"). Province-specific procedures
carry the demo province suffix ``H31`` (see org/demo.py: not the official letter-and-number).

Commune-level procedures name "Ủy ban nhân dân cấp xã" as the competent agency without a link:
the catalogue is province-wide, the commune is chosen when a dossier is received.
Internal steps get hour budgets that add up exactly to the legal limit (rule
ND118-STEPS-WITHIN-LIMIT).

Version 1 of each procedure is in force from ``PUBLISHED_FROM`` (01/07/2025, the day NĐ
118/2025 took effect and the province's catalogue was published under it — an illustrative
publication date), so dossiers received in the demo's past find the version in force then.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from vanphong.core import clock
from vanphong.core.demo import SeedContext, seed_step
from vanphong.procedures import services
from vanphong.procedures.models import Level, OnlineLevel, Procedure
from vanphong.procedures.services import ComponentInput, FeeInput, ProcedureInput, StepInput

FIELDS = {
    "HT": "Hộ tịch",
    "CT": "Chứng thực",
    "DD": "Đất đai",
    "HKD": "Thành lập và hoạt động của hộ kinh doanh",
    "DN": "Thành lập và hoạt động doanh nghiệp",
    "XD": "Hoạt động xây dựng",
    "LLTP": "Lý lịch tư pháp",
    "TDKT": "Thi đua, khen thưởng",
    "BTXH": "Bảo trợ xã hội",
    "CC": "Công chứng",
    "LTHH": "Lưu thông hàng hóa trong nước",
    "VL": "Việc làm",
    "LD": "Lao động",
    "GD": "Giáo dục và Đào tạo",
    "ATTP": "An toàn thực phẩm",
    "VH": "Văn hóa cơ sở",
}

XA = "Ủy ban nhân dân cấp xã"
MOT_CUA_XA = "Trung tâm Phục vụ hành chính công xã"
PLACE_XA = (
    "Trung tâm Phục vụ hành chính công cấp xã bất kỳ trong tỉnh (không phụ thuộc địa giới "
    "hành chính), qua dịch vụ bưu chính hoặc trực tuyến trên Cổng Dịch vụ công quốc gia."
)
PLACE_TINH = (
    "Trung tâm Phục vụ hành chính công tỉnh, qua dịch vụ bưu chính hoặc trực tuyến trên Cổng "
    "Dịch vụ công quốc gia."
)
ND118 = "Nghị định 118/2025/NĐ-CP ngày 09/6/2025 về thực hiện thủ tục hành chính theo cơ chế một cửa, một cửa liên thông"
LHT = "Luật Hộ tịch số 60/2014/QH13"
ND123 = "Nghị định 123/2015/NĐ-CP quy định chi tiết một số điều và biện pháp thi hành Luật Hộ tịch"
TT04 = "Thông tư 04/2020/TT-BTP hướng dẫn Luật Hộ tịch và Nghị định 123/2015/NĐ-CP"
TT281 = "Thông tư 281/2016/TT-BTC quy định mức thu phí, lệ phí trong lĩnh vực hộ tịch"
ND23 = "Nghị định 23/2015/NĐ-CP về cấp bản sao từ sổ gốc, chứng thực bản sao từ bản chính, chứng thực chữ ký và chứng thực hợp đồng, giao dịch"
TT226 = "Thông tư 226/2016/TT-BTC quy định mức thu, chế độ thu, nộp phí chứng thực"
LDD = "Luật Đất đai số 31/2024/QH15"
ND101 = "Nghị định 101/2024/NĐ-CP quy định về điều tra cơ bản đất đai; đăng ký, cấp Giấy chứng nhận"
ND168 = "Nghị định 168/2025/NĐ-CP về đăng ký doanh nghiệp"
LXD = "Luật Xây dựng số 50/2014/QH13 (sửa đổi, bổ sung năm 2020)"
ND175 = "Nghị định 175/2024/NĐ-CP quy định chi tiết một số điều và biện pháp thi hành Luật Xây dựng về quản lý hoạt động xây dựng"
LLLTP = "Luật Lý lịch tư pháp số 28/2009/QH12"
TT244 = "Thông tư 244/2016/TT-BTC quy định mức thu, chế độ thu, nộp phí cung cấp thông tin lý lịch tư pháp"
LTDKT = "Luật Thi đua, khen thưởng số 06/2022/QH15"
ND152 = "Nghị định 152/2025/NĐ-CP quy định chi tiết Luật Thi đua, khen thưởng"
ND20 = (
    "Nghị định 20/2021/NĐ-CP quy định chính sách trợ giúp xã hội đối với đối tượng bảo trợ xã hội"
)

TO_KHAI = "Tờ khai theo mẫu"
CCCD = "Căn cước hoặc giấy tờ tùy thân có ảnh của người yêu cầu (xuất trình)"
HDND_FEE_NOTE = "Mức thu theo Nghị quyết của HĐND tỉnh (mức minh họa)"
MINH_HOA = "Mức minh họa: đối chiếu văn bản quy định mức thu trước khi sử dụng"
LCC = "Luật Công chứng số 46/2024/QH15"
LVL = "Luật Việc làm số 38/2013/QH13"
ND28 = "Nghị định 28/2015/NĐ-CP quy định chi tiết Luật Việc làm về bảo hiểm thất nghiệp"
BLLD = "Bộ luật Lao động số 45/2019/QH14"
ND152_2020 = "Nghị định 152/2020/NĐ-CP về người lao động nước ngoài làm việc tại Việt Nam"
LGD = "Luật Giáo dục số 43/2019/QH14"
LATTP = "Luật An toàn thực phẩm số 55/2010/QH12"
ND15 = "Nghị định 15/2018/NĐ-CP quy định chi tiết một số điều của Luật An toàn thực phẩm"
ND105 = "Nghị định 105/2017/NĐ-CP về kinh doanh rượu"
ND110 = "Nghị định 110/2018/NĐ-CP quy định về quản lý và tổ chức lễ hội"
ND99 = "Nghị định 99/2022/NĐ-CP về đăng ký biện pháp bảo đảm"


def _half(x: Decimal) -> Decimal:
    return (x * 2).to_integral_value(rounding="ROUND_FLOOR") / 2


def _steps(hours: Decimal, desk: str, handler: str, leader: str) -> list[StepInput]:
    """Receive, appraise, sign, return: budgets that add up to exactly ``hours``."""
    edge = min(Decimal(4), max(Decimal("0.5"), _half(hours / 8)))
    sign = min(Decimal(16), max(Decimal("0.5"), _half(hours / 8)))
    return [
        StepInput("Tiếp nhận, kiểm tra, số hóa hồ sơ; chuyển xử lý", edge, desk, role="can_bo_mot_cua"),
        StepInput("Thẩm định hồ sơ, dự thảo kết quả, trình ký", hours - 2 * edge - sign, handler, role="chuyen_vien"),
        StepInput("Xem xét, ký duyệt kết quả", sign, leader, role="lanh_dao_ubnd"),
        StepInput("Vào sổ, đóng dấu, trả kết quả; thu phí, lệ phí", edge, desk, role="can_bo_mot_cua"),
    ]  # fmt: skip


def _xa(code, name, field, days, comps, fees, basis, result, *, same_day=False, online=OnlineLevel.MOT_PHAN, five=False, handler="Văn phòng HĐND và UBND xã (công chức tư pháp - hộ tịch)", applicants="Công dân Việt Nam"):  # fmt: skip
    return dict(
        code=code, name=name, field=field, level=Level.CAP_XA, days=days, same_day=same_day,
        online=online, five=five, agency=None, agency_name=XA, place=PLACE_XA, comps=comps,
        fees=fees, basis=basis, result=result, handler=handler, leader="Lãnh đạo UBND xã",
        desk=MOT_CUA_XA, applicants=applicants,
    )  # fmt: skip


def _tinh(code, name, field, days, comps, fees, basis, result, *, agency, agency_name, handler, leader, online=OnlineLevel.MOT_PHAN, level=Level.CAP_TINH, applicants="Tổ chức, cá nhân", same_day=False):  # fmt: skip
    return dict(
        code=code, name=name, field=field, level=level, days=days, same_day=same_day, online=online,
        five=False, agency=agency, agency_name=agency_name, place=PLACE_TINH, comps=comps,
        fees=fees, basis=basis, result=result, handler=handler, leader=leader,
        desk="Trung tâm Phục vụ hành chính công tỉnh", applicants=applicants,
    )  # fmt: skip


C = ComponentInput
F = FeeInput
SPECS = [
    # --- Hộ tịch (cấp xã) -----------------------------------------------------------------
    _xa(
        "1.001193",
        "Đăng ký khai sinh",
        "HT",
        0,
        [
            C("Tờ khai đăng ký khai sinh theo mẫu", 1, 0),
            C("Giấy chứng sinh hoặc văn bản của người làm chứng xác nhận về việc sinh", 1, 0),
            C(CCCD, 1, 0),
        ],
        [F("Lệ phí đăng ký khai sinh", 0, "Miễn lệ phí đăng ký khai sinh đúng hạn")],
        [LHT, ND123, TT04],
        "Giấy khai sinh (bản chính) và bản sao Giấy khai sinh nếu có yêu cầu",
        same_day=True,
        online=OnlineLevel.TOAN_TRINH,
        five=True,
    ),
    _xa(
        "1.000894",
        "Đăng ký kết hôn",
        "HT",
        0,
        [
            C("Tờ khai đăng ký kết hôn theo mẫu (hai bên nam, nữ)", 1, 0),
            C(
                "Giấy xác nhận tình trạng hôn nhân (trường hợp đăng ký tại nơi không cư trú)",
                1,
                0,
                False,
            ),
            C(CCCD, 1, 0),
        ],
        [
            F(
                "Lệ phí đăng ký kết hôn",
                0,
                "Miễn lệ phí kết hôn giữa công dân Việt Nam cư trú ở trong nước",
            )
        ],
        [LHT, ND123, TT04],
        "Giấy chứng nhận kết hôn (mỗi bên 01 bản chính)",
        same_day=True,
    ),  # fmt: skip
    _xa(
        "1.000656",
        "Đăng ký khai tử",
        "HT",
        0,
        [
            C("Tờ khai đăng ký khai tử theo mẫu", 1, 0),
            C("Giấy báo tử hoặc giấy tờ thay giấy báo tử", 1, 0),
        ],
        [F("Lệ phí đăng ký khai tử", 0, "Miễn lệ phí đăng ký khai tử đúng hạn")],
        [LHT, ND123, TT04],
        "Trích lục khai tử (bản chính)",
        same_day=True,
        online=OnlineLevel.TOAN_TRINH,
        five=True,
    ),  # fmt: skip
    _xa(
        "1.004873",
        "Cấp bản sao trích lục hộ tịch",
        "HT",
        0,  # demo code
        [C("Tờ khai cấp bản sao trích lục hộ tịch theo mẫu", 1, 0), C(CCCD, 1, 0)],
        [F("Phí cấp bản sao trích lục", 8000, "Mỗi bản sao trích lục")],
        [LHT, ND123, TT281],
        "Bản sao trích lục hộ tịch",
        same_day=True,
        online=OnlineLevel.TOAN_TRINH,
        five=True,
    ),  # fmt: skip
    _xa(
        "1.004884",
        "Đăng ký lại khai sinh",
        "HT",
        5,  # demo code
        [
            C("Tờ khai đăng ký lại khai sinh theo mẫu", 1, 0),
            C("Bản sao giấy khai sinh hoặc giấy tờ có thông tin khai sinh", 0, 1),
            C(CCCD, 1, 0),
        ],
        [F("Lệ phí đăng ký lại khai sinh", 5000, HDND_FEE_NOTE)],
        [LHT, ND123, TT04],
        "Giấy khai sinh (bản chính)",
    ),  # fmt: skip
    _xa(
        "1.001022",
        "Thay đổi, cải chính, bổ sung thông tin hộ tịch",
        "HT",
        3,  # demo code
        [
            C("Tờ khai thay đổi, cải chính, bổ sung thông tin hộ tịch theo mẫu", 1, 0),
            C("Giấy tờ làm căn cứ thay đổi, cải chính, bổ sung", 0, 1),
            C(CCCD, 1, 0),
        ],
        [F("Lệ phí thay đổi, cải chính hộ tịch", 15000, HDND_FEE_NOTE)],
        [LHT, ND123, TT04],
        "Trích lục thay đổi, cải chính, bổ sung thông tin hộ tịch",
    ),  # fmt: skip
    _xa(
        "1.004859",
        "Cấp Giấy xác nhận tình trạng hôn nhân",
        "HT",
        3,  # demo code
        [C("Tờ khai cấp Giấy xác nhận tình trạng hôn nhân theo mẫu", 1, 0), C(CCCD, 1, 0)],
        [F("Lệ phí cấp giấy xác nhận", 5000, HDND_FEE_NOTE)],
        [LHT, ND123, TT04],
        "Giấy xác nhận tình trạng hôn nhân",
        online=OnlineLevel.TOAN_TRINH,
    ),  # fmt: skip
    _xa(
        "1.000689",
        "Đăng ký giám hộ",
        "HT",
        3,  # demo code
        [C("Tờ khai đăng ký giám hộ theo mẫu", 1, 0), C("Văn bản cử người giám hộ", 1, 0)],
        [F("Lệ phí đăng ký giám hộ", 0, "Miễn lệ phí")],
        [LHT, ND123],
        "Trích lục đăng ký giám hộ",
    ),  # fmt: skip
    # --- Chứng thực (cấp xã) --------------------------------------------------------------
    _xa(
        "2.000815",
        "Chứng thực bản sao từ bản chính giấy tờ, văn bản do cơ quan có thẩm quyền của Việt Nam cấp hoặc chứng nhận",
        "CT",
        0,
        [
            C("Bản chính giấy tờ, văn bản làm cơ sở để chứng thực bản sao", 1, 0),
            C("Bản sao cần chứng thực (nếu người yêu cầu tự chụp)", 0, 1, False),
        ],
        [
            F(
                "Phí chứng thực bản sao",
                2000,
                "Trang thứ nhất, thứ hai 2.000 đồng/trang; từ trang thứ ba 1.000 đồng/trang; tối đa 200.000 đồng/bản",
            )
        ],
        [ND23, TT226],
        "Bản sao được chứng thực từ bản chính",
        same_day=True,
        online=OnlineLevel.TRUC_TIEP,
        five=True,
        handler="Công chức tư pháp - hộ tịch",
        applicants="Cá nhân, tổ chức",
    ),  # fmt: skip
    _xa(
        "2.000884",
        "Chứng thực chữ ký trong các giấy tờ, văn bản",
        "CT",
        0,
        [C(CCCD, 1, 0), C("Giấy tờ, văn bản cần chứng thực chữ ký", 1, 0)],
        [F("Phí chứng thực chữ ký", 10000, "Mỗi trường hợp")],
        [ND23, TT226],
        "Giấy tờ, văn bản được chứng thực chữ ký",
        same_day=True,
        online=OnlineLevel.TRUC_TIEP,
        five=True,
        handler="Công chức tư pháp - hộ tịch",
    ),  # fmt: skip
    _xa(
        "2.001035",
        "Chứng thực hợp đồng, giao dịch liên quan đến tài sản là động sản",
        "CT",
        2,  # demo code
        [
            C("Dự thảo hợp đồng, giao dịch", 1, 0),
            C("Giấy tờ tùy thân của người yêu cầu chứng thực", 0, 1),
            C("Giấy tờ chứng minh quyền sở hữu, sử dụng tài sản", 0, 1),
        ],
        [F("Phí chứng thực hợp đồng, giao dịch", 50000, "Mỗi hợp đồng, giao dịch")],
        [ND23, TT226],
        "Hợp đồng, giao dịch được chứng thực",
        online=OnlineLevel.TRUC_TIEP,
        handler="Công chức tư pháp - hộ tịch",
    ),  # fmt: skip
    _xa(
        "2.000913",
        "Chứng thực việc sửa đổi, bổ sung, hủy bỏ hợp đồng, giao dịch",
        "CT",
        2,  # demo code
        [
            C("Dự thảo văn bản sửa đổi, bổ sung, hủy bỏ hợp đồng, giao dịch", 1, 0),
            C("Hợp đồng, giao dịch đã được chứng thực", 1, 0),
        ],
        [F("Phí chứng thực", 30000, "Mỗi hợp đồng, giao dịch")],
        [ND23, TT226],
        "Văn bản sửa đổi, bổ sung, hủy bỏ được chứng thực",
        online=OnlineLevel.TRUC_TIEP,
        handler="Công chức tư pháp - hộ tịch",
    ),  # fmt: skip
    # --- Đất đai (cấp xã) -----------------------------------------------------------------
    _xa(
        "1.012772",
        "Đăng ký đất đai, tài sản gắn liền với đất, cấp Giấy chứng nhận lần đầu cho hộ gia đình, cá nhân",
        "DD",
        20,  # demo code
        [
            C("Đơn đăng ký đất đai, tài sản gắn liền với đất theo Mẫu số 04/ĐK", 1, 0),
            C("Giấy tờ về quyền sử dụng đất (nếu có)", 0, 1, False),
            C("Chứng từ thực hiện nghĩa vụ tài chính (nếu có)", 0, 1, False),
        ],
        [F("Lệ phí cấp Giấy chứng nhận", 100000, HDND_FEE_NOTE)],
        [LDD, ND101],
        "Giấy chứng nhận quyền sử dụng đất, quyền sở hữu tài sản gắn liền với đất",
        handler="Phòng Kinh tế xã",
        applicants="Hộ gia đình, cá nhân",
    ),  # fmt: skip
    _xa(
        "1.012774",
        "Đăng ký biến động quyền sử dụng đất do chuyển nhượng, tặng cho, thừa kế",
        "DD",
        8,  # demo code
        [
            C("Đơn đăng ký biến động đất đai theo Mẫu số 11/ĐK", 1, 0),
            C("Hợp đồng, văn bản về chuyển quyền đã công chứng, chứng thực", 1, 0),
            C("Giấy chứng nhận đã cấp", 1, 0),
        ],
        [F("Lệ phí chỉnh lý biến động", 30000, HDND_FEE_NOTE)],
        [LDD, ND101],
        "Giấy chứng nhận đã chỉnh lý biến động hoặc Giấy chứng nhận mới",
        handler="Phòng Kinh tế xã",
        applicants="Hộ gia đình, cá nhân",
    ),  # fmt: skip
    _xa(
        "1.012776",
        "Cấp đổi Giấy chứng nhận quyền sử dụng đất",
        "DD",
        7,  # demo code
        [
            C("Đơn đăng ký biến động đất đai theo Mẫu số 11/ĐK", 1, 0),
            C("Giấy chứng nhận đã cấp", 1, 0),
        ],
        [F("Lệ phí cấp đổi Giấy chứng nhận", 50000, HDND_FEE_NOTE)],
        [LDD, ND101],
        "Giấy chứng nhận mới",
        handler="Phòng Kinh tế xã",
        applicants="Hộ gia đình, cá nhân",
    ),  # fmt: skip
    # --- Hộ kinh doanh (cấp xã) -----------------------------------------------------------
    _xa(
        "2.000575",
        "Đăng ký thành lập hộ kinh doanh",
        "HKD",
        3,  # demo code
        [
            C("Giấy đề nghị đăng ký hộ kinh doanh theo mẫu", 1, 0),
            C(
                "Biên bản họp thành viên hộ gia đình về việc thành lập hộ kinh doanh (nếu có)",
                0,
                1,
                False,
            ),
        ],
        [F("Lệ phí đăng ký hộ kinh doanh", 100000, HDND_FEE_NOTE + "; miễn khi nộp trực tuyến")],
        [ND168],
        "Giấy chứng nhận đăng ký hộ kinh doanh",
        online=OnlineLevel.TOAN_TRINH,
        handler="Phòng Kinh tế xã",
        applicants="Cá nhân, thành viên hộ gia đình",
    ),  # fmt: skip
    _xa(
        "2.000720",
        "Đăng ký thay đổi nội dung đăng ký hộ kinh doanh",
        "HKD",
        3,  # demo code
        [C("Thông báo thay đổi nội dung đăng ký hộ kinh doanh theo mẫu", 1, 0)],
        [F("Lệ phí đăng ký thay đổi", 50000, HDND_FEE_NOTE + "; miễn khi nộp trực tuyến")],
        [ND168],
        "Giấy chứng nhận đăng ký hộ kinh doanh mới",
        online=OnlineLevel.TOAN_TRINH,
        handler="Phòng Kinh tế xã",
    ),  # fmt: skip
    _xa(
        "1.001266",
        "Tạm ngừng kinh doanh, tiếp tục kinh doanh trước thời hạn của hộ kinh doanh",
        "HKD",
        3,  # demo code
        [C("Thông báo tạm ngừng kinh doanh / tiếp tục kinh doanh theo mẫu", 1, 0)],
        [],
        [ND168],
        "Giấy xác nhận về việc hộ kinh doanh đăng ký tạm ngừng kinh doanh",
        online=OnlineLevel.TOAN_TRINH,
        handler="Phòng Kinh tế xã",
    ),  # fmt: skip
    # --- Xây dựng (cấp xã) ----------------------------------------------------------------
    _xa(
        "1.009994",
        "Cấp giấy phép xây dựng mới đối với nhà ở riêng lẻ",
        "XD",
        15,  # demo code
        [
            C("Đơn đề nghị cấp giấy phép xây dựng theo Mẫu số 01", 1, 0),
            C("Giấy tờ chứng minh quyền sử dụng đất", 0, 1),
            C("02 bộ bản vẽ thiết kế xây dựng", 2, 0),
        ],
        [F("Lệ phí cấp giấy phép xây dựng nhà ở riêng lẻ", 75000, HDND_FEE_NOTE)],
        [LXD, ND175],
        "Giấy phép xây dựng",
        handler="Phòng Kinh tế xã",
        applicants="Hộ gia đình, cá nhân",
    ),  # fmt: skip
    _xa(
        "1.009996",
        "Gia hạn giấy phép xây dựng đối với nhà ở riêng lẻ",
        "XD",
        5,  # demo code
        [
            C("Đơn đề nghị gia hạn giấy phép xây dựng", 1, 0),
            C("Bản chính giấy phép xây dựng đã được cấp", 1, 0),
        ],
        [F("Lệ phí gia hạn giấy phép xây dựng", 15000, HDND_FEE_NOTE)],
        [LXD, ND175],
        "Giấy phép xây dựng được gia hạn",
        handler="Phòng Kinh tế xã",
        applicants="Hộ gia đình, cá nhân",
    ),  # fmt: skip
    # --- Bảo trợ xã hội (cấp xã, thủ tục đặc thù của tỉnh: hậu tố tỉnh) --------------------
    _xa(
        "1.001776.H31",
        "Trợ cấp xã hội hằng tháng đối với đối tượng bảo trợ xã hội (mức hỗ trợ thêm theo Nghị quyết HĐND tỉnh)",
        "BTXH",
        10,  # demo code
        [
            C("Tờ khai đề nghị trợ giúp xã hội theo Mẫu số 1a", 1, 0),
            C("Giấy tờ chứng minh thuộc đối tượng", 0, 1),
        ],
        [],
        [ND20, "Nghị quyết của HĐND tỉnh về mức trợ giúp xã hội (văn bản minh họa)"],
        "Quyết định trợ cấp xã hội hằng tháng",
        handler="Phòng Văn hóa - Xã hội xã",
    ),  # fmt: skip
    # --- added in the second demo batch: every code below is a demo code, every fee a
    # --- demo amount (MINH_HOA / HDND_FEE_NOTE) ----------------------------------------------
    _xa(
        "1.001695",
        "Đăng ký nhận cha, mẹ, con",
        "HT",
        3,  # demo code
        [
            C("Tờ khai đăng ký nhận cha, mẹ, con theo mẫu", 1, 0),
            C(
                "Văn bản của cơ quan y tế, giám định hoặc chứng cứ chứng minh quan hệ cha, mẹ, con",
                0,
                1,
            ),
            C(CCCD, 1, 0),
        ],
        [F("Lệ phí đăng ký nhận cha, mẹ, con", 15000, HDND_FEE_NOTE)],
        [LHT, ND123, TT04],
        "Trích lục đăng ký nhận cha, mẹ, con",
    ),
    _xa(
        "1.000593",
        "Đăng ký kết hôn có yếu tố nước ngoài",
        "HT",
        10,  # demo code
        [
            C("Tờ khai đăng ký kết hôn theo mẫu", 1, 0),
            C(
                "Giấy tờ chứng minh tình trạng hôn nhân của người nước ngoài (đã hợp pháp hóa lãnh sự, dịch sang tiếng Việt)",
                1,
                0,
            ),
            C("Giấy xác nhận của tổ chức y tế về việc không mắc bệnh tâm thần", 1, 0),
            C("Bản sao hộ chiếu của người nước ngoài", 0, 1),
        ],
        [F("Lệ phí đăng ký kết hôn có yếu tố nước ngoài", 1000000, HDND_FEE_NOTE)],
        [LHT, ND123, TT04],
        "Giấy chứng nhận kết hôn",
        applicants="Công dân Việt Nam kết hôn với người nước ngoài",
    ),
    _xa(
        "1.004827",
        "Đăng ký khai sinh kết hợp nhận cha, mẹ, con",
        "HT",
        3,  # demo code
        [
            C("Tờ khai đăng ký khai sinh và tờ khai nhận cha, mẹ, con theo mẫu", 1, 0),
            C("Giấy chứng sinh", 1, 0),
            C("Chứng cứ chứng minh quan hệ cha, mẹ, con", 0, 1),
        ],
        [F("Lệ phí nhận cha, mẹ, con", 15000, HDND_FEE_NOTE)],
        [LHT, ND123, TT04],
        "Giấy khai sinh; Trích lục đăng ký nhận cha, mẹ, con",
        online=OnlineLevel.TOAN_TRINH,
    ),
    # --- Đất đai: đăng ký biện pháp bảo đảm, trong ngày (cut-off 15:00) ------------------------
    _tinh(
        "1.012786",
        "Xóa đăng ký thế chấp quyền sử dụng đất, tài sản gắn liền với đất",
        "DD",
        0,  # demo code
        [
            C("Phiếu yêu cầu xóa đăng ký biện pháp bảo đảm theo mẫu", 1, 0),
            C("Văn bản đồng ý xóa đăng ký của bên nhận bảo đảm", 1, 0, False),
            C("Giấy chứng nhận đã cấp", 1, 0),
        ],
        [F("Phí xóa đăng ký biện pháp bảo đảm", 20000, MINH_HOA)],
        [LDD, ND99, ND101],
        "Giấy chứng nhận được chứng nhận xóa thế chấp",
        agency=None,
        agency_name="Văn phòng Đăng ký đất đai tỉnh (Chi nhánh)",
        handler="Chi nhánh Văn phòng Đăng ký đất đai",
        leader="Lãnh đạo Chi nhánh Văn phòng Đăng ký đất đai",
        same_day=True,
        online=OnlineLevel.TOAN_TRINH,
        applicants="Bên thế chấp, bên nhận thế chấp",
    ),
    _xa(
        "1.012790",
        "Đính chính Giấy chứng nhận quyền sử dụng đất đã cấp",
        "DD",
        10,  # demo code
        [
            C("Đơn đề nghị đính chính Giấy chứng nhận theo mẫu", 1, 0),
            C("Giấy chứng nhận đã cấp", 1, 0),
        ],
        [],
        [LDD, ND101],
        "Giấy chứng nhận đã được đính chính",
        handler="Phòng Kinh tế xã (công chức địa chính)",
        applicants="Người sử dụng đất",
    ),
    # --- Công chứng, lưu thông hàng hóa, hộ kinh doanh ------------------------------------------
    _xa(
        "2.000606",
        "Chấm dứt hoạt động hộ kinh doanh",
        "HKD",
        3,  # demo code
        [
            C("Thông báo chấm dứt hoạt động hộ kinh doanh theo mẫu", 1, 0),
            C("Thông báo của cơ quan thuế về việc hoàn thành nghĩa vụ thuế", 0, 1),
        ],
        [],
        [ND168],
        "Thông báo về việc chấm dứt hoạt động hộ kinh doanh",
        handler="Phòng Kinh tế xã",
        applicants="Chủ hộ kinh doanh",
        online=OnlineLevel.TOAN_TRINH,
    ),
    _xa(
        "2.000633",
        "Cấp Giấy phép bán lẻ sản phẩm rượu",
        "LTHH",
        10,  # demo code
        [
            C("Đơn đề nghị cấp Giấy phép bán lẻ sản phẩm rượu theo mẫu", 1, 0),
            C("Bản sao hợp đồng mua bán với thương nhân sản xuất, phân phối rượu", 0, 1),
            C("Bản sao giấy tờ chứng minh quyền sử dụng địa điểm kinh doanh", 0, 1),
        ],
        [F("Phí thẩm định cấp Giấy phép bán lẻ rượu", 200000, MINH_HOA)],
        [ND105],
        "Giấy phép bán lẻ sản phẩm rượu",
        handler="Phòng Kinh tế xã",
        applicants="Thương nhân, hộ kinh doanh",
    ),
]


def _provincial_extra(ctx: SeedContext) -> list[dict]:
    stc = ctx.agencies.get("so_tai_chinh")
    snv = ctx.agencies.get("so_noi_vu")
    return [
        _tinh("2.001746", "Đăng ký hành nghề và cấp Thẻ công chứng viên", "CC", 10,  # demo code
              [C("Đề nghị đăng ký hành nghề của tổ chức hành nghề công chứng", 1, 0),
               C("Bản sao quyết định bổ nhiệm công chứng viên", 0, 1), C("Ảnh chân dung 2x3 cm", 1, 0)],
              [F("Phí thẩm định điều kiện hành nghề", 1000000, MINH_HOA)], [LCC],
              "Thẻ công chứng viên", agency=None, agency_name="Sở Tư pháp tỉnh",
              handler="Phòng Bổ trợ tư pháp (Sở Tư pháp)", leader="Lãnh đạo Sở Tư pháp",
              applicants="Tổ chức hành nghề công chứng"),
        _tinh("1.009972", "Cấp giấy phép xây dựng mới đối với công trình cấp III, cấp IV (công trình không theo tuyến)", "XD", 20,  # demo code
              [C("Đơn đề nghị cấp giấy phép xây dựng theo mẫu", 1, 0), C("Giấy tờ chứng minh quyền sử dụng đất", 0, 1),
               C("02 bộ bản vẽ thiết kế xây dựng kèm kết quả thẩm định", 2, 0)],
              [F("Lệ phí cấp giấy phép xây dựng công trình", 150000, HDND_FEE_NOTE)], [LXD, ND175],
              "Giấy phép xây dựng", agency=None, agency_name="Sở Xây dựng tỉnh",
              handler="Phòng Quản lý xây dựng (Sở Xây dựng)", leader="Lãnh đạo Sở Xây dựng", applicants="Chủ đầu tư"),
        _tinh("1.009959", "Cấp chứng chỉ hành nghề hoạt động xây dựng hạng II, hạng III", "XD", 20,  # demo code
              [C("Đơn đề nghị cấp chứng chỉ hành nghề theo mẫu", 1, 0), C("Văn bằng do cơ sở đào tạo hợp pháp cấp", 0, 1),
               C("Bản khai kinh nghiệm công việc chuyên môn", 1, 0)],
              [F("Lệ phí cấp chứng chỉ hành nghề", 150000, MINH_HOA)], [LXD, ND175],
              "Chứng chỉ hành nghề hoạt động xây dựng", agency=None, agency_name="Sở Xây dựng tỉnh",
              handler="Phòng Quản lý xây dựng (Sở Xây dựng)", leader="Lãnh đạo Sở Xây dựng",
              online=OnlineLevel.TOAN_TRINH, applicants="Cá nhân hoạt động xây dựng"),
        _tinh("1.000401", "Giải quyết hưởng trợ cấp thất nghiệp", "VL", 20,  # demo code
              [C("Đề nghị hưởng trợ cấp thất nghiệp theo mẫu", 1, 0),
               C("Quyết định thôi việc hoặc giấy tờ xác nhận chấm dứt hợp đồng lao động", 0, 1), C("Sổ bảo hiểm xã hội", 1, 0)],
              [], [LVL, ND28], "Quyết định hưởng trợ cấp thất nghiệp", agency=snv,
              agency_name="Sở Nội vụ tỉnh (Trung tâm Dịch vụ việc làm)", handler="Trung tâm Dịch vụ việc làm",
              leader="Lãnh đạo Sở Nội vụ", applicants="Người lao động"),
        _tinh("1.000105", "Cấp giấy phép lao động cho người lao động nước ngoài làm việc tại Việt Nam", "LD", 5,  # demo code
              [C("Văn bản đề nghị cấp giấy phép lao động theo mẫu", 1, 0), C("Giấy chứng nhận sức khỏe", 1, 0),
               C("Phiếu lý lịch tư pháp", 1, 0), C("Văn bản chấp thuận nhu cầu sử dụng người lao động nước ngoài", 0, 1),
               C("02 ảnh màu 4x6 cm", 2, 0)],
              [F("Lệ phí cấp giấy phép lao động", 600000, HDND_FEE_NOTE)], [BLLD, ND152_2020],
              "Giấy phép lao động", agency=snv, agency_name="Sở Nội vụ tỉnh",
              handler="Phòng Lao động - Việc làm (Sở Nội vụ)", leader="Lãnh đạo Sở Nội vụ",
              online=OnlineLevel.TOAN_TRINH, applicants="Người sử dụng lao động"),
        _tinh("1.005092", "Cấp bản sao văn bằng, chứng chỉ từ sổ gốc", "GD", 0,  # demo code
              [C("Đơn đề nghị cấp bản sao từ sổ gốc", 1, 0), C(CCCD, 1, 0)],
              [], [LGD], "Bản sao văn bằng, chứng chỉ từ sổ gốc", agency=None,
              agency_name="Sở Giáo dục và Đào tạo tỉnh", handler="Phòng Quản lý chất lượng (Sở Giáo dục và Đào tạo)",
              leader="Lãnh đạo Sở Giáo dục và Đào tạo", same_day=True, applicants="Người được cấp văn bằng, chứng chỉ"),
        _tinh("1.005099", "Công nhận văn bằng tốt nghiệp các cấp học phổ thông do cơ sở giáo dục nước ngoài cấp", "GD", 20,  # demo code
              [C("Đơn đề nghị công nhận văn bằng theo mẫu", 1, 0), C("Bản sao văn bằng kèm bản dịch công chứng", 0, 1),
               C("Bản sao kết quả học tập", 0, 1)],
              [], [LGD], "Văn bản công nhận văn bằng", agency=None, agency_name="Sở Giáo dục và Đào tạo tỉnh",
              handler="Phòng Quản lý chất lượng (Sở Giáo dục và Đào tạo)", leader="Lãnh đạo Sở Giáo dục và Đào tạo",
              online=OnlineLevel.TOAN_TRINH, applicants="Người có văn bằng do cơ sở giáo dục nước ngoài cấp"),
        _tinh("2.000591", "Cấp Giấy chứng nhận cơ sở đủ điều kiện an toàn thực phẩm đối với cơ sở kinh doanh dịch vụ ăn uống", "ATTP", 20,  # demo code
              [C("Đơn đề nghị cấp Giấy chứng nhận theo mẫu", 1, 0),
               C("Bản thuyết minh về cơ sở vật chất, trang thiết bị, dụng cụ", 1, 0),
               C("Giấy xác nhận đủ sức khỏe, đã được tập huấn kiến thức an toàn thực phẩm của chủ cơ sở và người trực tiếp chế biến", 0, 1)],
              [F("Phí thẩm định cơ sở kinh doanh dịch vụ ăn uống", 700000, MINH_HOA)], [LATTP, ND15],
              "Giấy chứng nhận cơ sở đủ điều kiện an toàn thực phẩm", agency=None, agency_name="Sở Y tế tỉnh",
              handler="Chi cục An toàn vệ sinh thực phẩm (Sở Y tế)", leader="Lãnh đạo Sở Y tế",
              applicants="Cơ sở kinh doanh dịch vụ ăn uống"),
        _tinh("1.003645", "Đăng ký tổ chức lễ hội cấp tỉnh", "VH", 15,  # demo code
              [C("Văn bản đăng ký tổ chức lễ hội theo mẫu", 1, 0), C("Kế hoạch tổ chức lễ hội", 1, 0)],
              [], [ND110], "Văn bản chấp thuận tổ chức lễ hội", agency=None,
              agency_name="Sở Văn hóa, Thể thao và Du lịch tỉnh", handler="Phòng Quản lý văn hóa (Sở Văn hóa, Thể thao và Du lịch)",
              leader="Lãnh đạo Sở Văn hóa, Thể thao và Du lịch", applicants="Ban tổ chức lễ hội"),
        _tinh("2.002046", "Đăng ký thay đổi người đại diện theo pháp luật của công ty trách nhiệm hữu hạn", "DN", 3,  # demo code
              [C("Thông báo thay đổi nội dung đăng ký doanh nghiệp theo mẫu", 1, 0),
               C("Nghị quyết, quyết định của chủ sở hữu, Hội đồng thành viên về việc thay đổi", 1, 0),
               C("Bản sao giấy tờ pháp lý của người đại diện theo pháp luật mới", 0, 1)],
              [F("Lệ phí đăng ký thay đổi", 50000, "Miễn khi nộp hồ sơ trực tuyến")], [ND168],
              "Giấy chứng nhận đăng ký doanh nghiệp (cập nhật)", agency=stc,
              agency_name="Sở Tài chính tỉnh (Phòng Đăng ký kinh doanh)", handler="Phòng Đăng ký kinh doanh",
              leader="Lãnh đạo Phòng Đăng ký kinh doanh", online=OnlineLevel.TOAN_TRINH),
    ]  # fmt: skip


def _provincial(ctx: SeedContext) -> list[dict]:
    stc = ctx.agencies.get("so_tai_chinh")
    snv = ctx.agencies.get("so_noi_vu")
    return [
        _tinh("2.000488", "Cấp Phiếu lý lịch tư pháp cho công dân Việt Nam, người nước ngoài đang cư trú tại Việt Nam", "LLTP", 10,  # demo code
              [C("Tờ khai yêu cầu cấp Phiếu lý lịch tư pháp theo mẫu", 1, 0), C("Bản chụp giấy tờ tùy thân", 0, 1), C("Bản chụp sổ hộ khẩu hoặc giấy tờ chứng minh nơi cư trú", 0, 1, False)],
              [F("Phí cấp Phiếu lý lịch tư pháp", 200000, "Sinh viên, người có công, thân nhân liệt sĩ: 100.000 đồng/lần")],
              [LLLTP, TT244], "Phiếu lý lịch tư pháp", agency=None, agency_name="Sở Tư pháp tỉnh",
              handler="Phòng Hành chính tư pháp (Sở Tư pháp)", leader="Lãnh đạo Sở Tư pháp",
              online=OnlineLevel.TOAN_TRINH, applicants="Công dân Việt Nam, người nước ngoài cư trú tại Việt Nam"),
        _tinh("2.001610", "Đăng ký thành lập doanh nghiệp tư nhân", "DN", 3,  # demo code
              [C("Giấy đề nghị đăng ký doanh nghiệp theo mẫu", 1, 0), C("Bản sao giấy tờ pháp lý của chủ doanh nghiệp", 0, 1)],
              [F("Lệ phí đăng ký doanh nghiệp", 50000, "Miễn khi nộp hồ sơ trực tuyến")],
              [ND168], "Giấy chứng nhận đăng ký doanh nghiệp", agency=stc,
              agency_name="Sở Tài chính tỉnh (Phòng Đăng ký kinh doanh)", handler="Phòng Đăng ký kinh doanh",
              leader="Lãnh đạo Phòng Đăng ký kinh doanh", online=OnlineLevel.TOAN_TRINH),
        _tinh("2.001199", "Đăng ký thành lập công ty trách nhiệm hữu hạn một thành viên", "DN", 3,  # demo code
              [C("Giấy đề nghị đăng ký doanh nghiệp theo mẫu", 1, 0), C("Điều lệ công ty", 1, 0), C("Bản sao giấy tờ pháp lý của chủ sở hữu", 0, 1)],
              [F("Lệ phí đăng ký doanh nghiệp", 50000, "Miễn khi nộp hồ sơ trực tuyến")],
              [ND168], "Giấy chứng nhận đăng ký doanh nghiệp", agency=stc,
              agency_name="Sở Tài chính tỉnh (Phòng Đăng ký kinh doanh)", handler="Phòng Đăng ký kinh doanh",
              leader="Lãnh đạo Phòng Đăng ký kinh doanh", online=OnlineLevel.TOAN_TRINH),
        _tinh("1.000775", "Tặng Bằng khen của Chủ tịch Ủy ban nhân dân cấp tỉnh", "TDKT", 20,  # demo code
              [C("Tờ trình đề nghị khen thưởng", 1, 0), C("Báo cáo thành tích của tập thể, cá nhân", 1, 0), C("Biên bản họp Hội đồng thi đua, khen thưởng", 1, 0)],
              [], [LTDKT, ND152], "Quyết định khen thưởng và Bằng khen", agency=snv,
              agency_name="Sở Nội vụ tỉnh (Ban Thi đua - Khen thưởng)", handler="Ban Thi đua - Khen thưởng",
              leader="Lãnh đạo Sở Nội vụ", applicants="Cơ quan, tổ chức, đơn vị"),
        _tinh("1.012001", "Liên thông đăng ký khai sinh, đăng ký thường trú, cấp thẻ bảo hiểm y tế cho trẻ em dưới 6 tuổi", "HT", 5,  # demo code
              [C("Tờ khai điện tử liên thông theo mẫu", 1, 0), C("Giấy chứng sinh (bản điện tử hoặc bản chụp)", 0, 1)],
              [F("Lệ phí", 0, "Miễn lệ phí")], [LHT, ND123],
              "Giấy khai sinh điện tử, xác nhận thường trú, thẻ bảo hiểm y tế", agency=None,
              agency_name="Ủy ban nhân dân cấp xã; Công an cấp xã; Bảo hiểm xã hội",
              handler="Công chức tư pháp - hộ tịch; Công an xã; Bảo hiểm xã hội", leader="Lãnh đạo UBND xã",
              online=OnlineLevel.TOAN_TRINH, level=Level.LIEN_THONG, applicants="Cha, mẹ hoặc người đi khai sinh"),
    ]  # fmt: skip


def _input(spec: dict) -> ProcedureInput:
    days = Decimal(spec["days"])
    hours = Decimal(8) if spec["same_day"] else days * 8
    return ProcedureInput(
        code=spec["code"],
        name=spec["name"],
        field_code=spec["field"],
        field_name=FIELDS[spec["field"]],
        level=spec["level"],
        competent_agency=spec["agency"],
        competent_agency_name=spec["agency_name"],
        applicants=spec["applicants"],
        submission_place=spec["place"],
        time_limit_days=days,
        same_day=spec["same_day"],
        result=spec["result"],
        legal_basis=[*spec["basis"], ND118],
        online_level=spec["online"],
        five_on_the_spot=spec["five"],
        fees=[FeeInput(f.name, f.amount, f.note) for f in spec["fees"]],
        components=[
            ComponentInput(c.name, c.originals, c.copies, c.mandatory, c.note)
            for c in spec["comps"]
        ],
        steps=_steps(hours, spec["desk"], spec["handler"], spec["leader"]),
    )


#: When the demo catalogue's version 1 takes effect (see the module docstring).
PUBLISHED_FROM = dt.datetime(2025, 7, 1, 0, 0, tzinfo=clock.VN_TZ)


def published_from(ctx: SeedContext) -> dt.datetime:
    """``PUBLISHED_FROM``, or the start of the demo's today when the clock is earlier."""
    today = dt.datetime.combine(ctx.today, dt.time.min, tzinfo=clock.VN_TZ)
    return min(PUBLISHED_FROM, today)


@seed_step("procedures", order=40, after=("org",))
def seed_procedures(ctx: SeedContext) -> None:
    created = 0
    specs = [*SPECS, *_provincial(ctx), *_provincial_extra(ctx)]
    for spec in specs:
        data = _input(spec)
        existing = Procedure.objects.filter(code=data.code).first()
        if existing is None:
            services.procedure_create(
                acting_user=None, data=data, publish=True, valid_from=published_from(ctx)
            )
            created += 1
        else:
            services.procedure_update(acting_user=None, procedure=existing, data=data)
    ctx.log(f"procedures: {created} thủ tục mới, {len(specs)} trong danh mục mẫu")
