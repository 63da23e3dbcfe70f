"""Demo province: Hưng Yên after the 2025 reform (since 1/7/2025 it includes the former Thái Bình).

The agencies, units, positions and officials of the demo, and one sign-in account per role
(``DEMO_ACCOUNTS``, shared password ``DEMO_PASSWORD``). Written through the org services and
idempotent: rows are found by their natural keys (identifier, abbreviation, username) and only
what is missing is created.

DEMO DATA. Commune names come from ``vietnam_provinces`` (province code 33 = Hưng Yên), but the
electronic identifiers below are illustrative: "H31" as Hưng Yên's letter-and-number in the
QĐ 20/2020 legacy form (000.00.00.Hxx) is NOT taken from the official list, and the new-form
commune identifiers are invented. Replace them with the codes the province publishes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.contrib.auth.hashers import make_password
from django.db import transaction
from faker import Faker
from vietnam_provinces import Province, Ward

from vanphong.core.demo import SeedContext, seed_step
from vanphong.org import services
from vanphong.org.models import Agency, AgencyKind, Official, Position, Role, Unit, UnitKind

PROVINCE_CODE = 33  # Hưng Yên (after 1/7/2025, with the former Thái Bình)
DEMO_PASSWORD = "VanPhong@2026"
# A fixed TOTP key (hex) for the demo administrator, so the demo can be used with any
# authenticator app. DEMO ONLY: a real administrator enrols their own device.
DEMO_TOTP_KEY_HEX = "56616e50686f6e672d64656d6f2d746f74702121"  # b"VanPhong-demo-totp!!"
DEMO_TOTP_DEVICE_NAME = "Demo TOTP"
EMAIL_DOMAIN = "vanphong.example"

# Commune agencies: Phường Phố Hiến (the old provincial capital) and Xã Vũ Thư (former Thái Bình).
WARD_PHO_HIEN = 11953
WARD_VU_THU = 13192


@dataclass(frozen=True)
class AgencySpec:
    key: str
    name: str
    short_name: str
    kind: str
    identifier: str
    legacy_identifier: str = ""
    parent: str | None = None
    ward_code: int | None = None
    address: str = ""


@dataclass(frozen=True)
class UnitSpec:
    agency: str
    abbreviation: str
    name: str
    kind: str = UnitKind.PHONG
    leader_role: str = Role.LANH_DAO_PHONG  # role of the unit's head
    member_role: str = Role.CHUYEN_VIEN  # role of the other members
    head_position: str = "Trưởng phòng"
    deputy_position: str = "Phó Trưởng phòng"
    member_position: str = "Chuyên viên"
    staff: int = 3  # head + deputy + members


@dataclass(frozen=True)
class DemoAccount:
    username: str
    role: str
    agency: str
    unit: str  # abbreviation
    position: str
    is_head: bool = False


def _ward_name(code: int) -> str:
    ward = Ward.from_code(code)
    assert ward.province_code == PROVINCE_CODE, ward
    return re.sub(r"\s+", " ", ward.name).strip()


def _commune_pc_name(code: int) -> str:
    """ "Phường Phố Hiến" → "Ủy ban nhân dân phường Phố Hiến"."""
    kind, _sep, rest = _ward_name(code).partition(" ")
    return f"Ủy ban nhân dân {kind.lower()} {rest}"


PROVINCE_NAME = str(Province.from_code(PROVINCE_CODE).name)

AGENCIES: list[AgencySpec] = [
    AgencySpec(
        "ubnd_tinh",
        f"Ủy ban nhân dân tỉnh {PROVINCE_NAME}",
        "UBND",
        AgencyKind.PROVINCE_PC,
        identifier="000.00.00.H31",
        legacy_identifier="000.00.00.H31",
        address=f"Phường Phố Hiến, tỉnh {PROVINCE_NAME}",
    ),
    AgencySpec(
        "vp_ubnd",
        f"Văn phòng Ủy ban nhân dân tỉnh {PROVINCE_NAME}",
        "VP",
        AgencyKind.PROVINCE_OFFICE,
        identifier="000.01.00.H31",
        legacy_identifier="000.01.00.H31",
        parent="ubnd_tinh",
        address=f"Phường Phố Hiến, tỉnh {PROVINCE_NAME}",
    ),
    AgencySpec(
        "so_noi_vu",
        f"Sở Nội vụ tỉnh {PROVINCE_NAME}",
        "SNV",
        AgencyKind.DEPARTMENT,
        identifier="000.02.00.H31",
        legacy_identifier="000.02.00.H31",
        parent="ubnd_tinh",
    ),
    AgencySpec(
        "so_tai_chinh",
        f"Sở Tài chính tỉnh {PROVINCE_NAME}",
        "STC",
        AgencyKind.DEPARTMENT,
        identifier="000.03.00.H31",
        legacy_identifier="000.03.00.H31",
        parent="ubnd_tinh",
    ),
    # Communes formed on 1/7/2025 have no legacy identifier; the new ones are demo values.
    AgencySpec(
        "px_pho_hien",
        _commune_pc_name(WARD_PHO_HIEN),
        "UBND",
        AgencyKind.COMMUNE_PC,
        identifier=f"H31.{WARD_PHO_HIEN}",
        parent="ubnd_tinh",
        ward_code=WARD_PHO_HIEN,
        address=f"{_ward_name(WARD_PHO_HIEN)}, tỉnh {PROVINCE_NAME}",
    ),
    AgencySpec(
        "xa_vu_thu",
        _commune_pc_name(WARD_VU_THU),
        "UBND",
        AgencyKind.COMMUNE_PC,
        identifier=f"H31.{WARD_VU_THU}",
        parent="ubnd_tinh",
        ward_code=WARD_VU_THU,
        address=f"{_ward_name(WARD_VU_THU)}, tỉnh {PROVINCE_NAME}",
    ),
]

# Positions per agency: (name, rank) — a smaller rank is higher.
POSITIONS: dict[str, list[tuple[str, int]]] = {
    "ubnd_tinh": [("Chủ tịch UBND tỉnh", 1), ("Phó Chủ tịch UBND tỉnh", 2)],
    "vp_ubnd": [
        ("Chánh Văn phòng", 1),
        ("Phó Chánh Văn phòng", 2),
        ("Trưởng phòng", 10),
        ("Giám đốc Trung tâm", 10),
        ("Trưởng ban", 10),
        ("Phó Trưởng phòng", 11),
        ("Phó Giám đốc Trung tâm", 11),
        ("Phó Trưởng ban", 11),
        ("Chuyên viên", 50),
        ("Văn thư", 60),
    ],
    "so_noi_vu": [
        ("Giám đốc Sở", 1),
        ("Phó Giám đốc Sở", 2),
        ("Chánh Văn phòng Sở", 10),
        ("Trưởng phòng", 10),
        ("Phó Trưởng phòng", 11),
        ("Chuyên viên", 50),
        ("Văn thư", 60),
    ],
    "so_tai_chinh": [
        ("Giám đốc Sở", 1),
        ("Phó Giám đốc Sở", 2),
        ("Chánh Văn phòng Sở", 10),
        ("Trưởng phòng", 10),
        ("Phó Trưởng phòng", 11),
        ("Chuyên viên", 50),
        ("Văn thư", 60),
    ],
    "px_pho_hien": [
        ("Chủ tịch UBND", 1),
        ("Phó Chủ tịch UBND", 2),
        ("Chánh Văn phòng", 10),
        ("Trưởng phòng", 10),
        ("Giám đốc Trung tâm", 10),
        ("Phó Trưởng phòng", 11),
        ("Công chức", 50),
        ("Văn thư", 60),
    ],
    "xa_vu_thu": [
        ("Chủ tịch UBND", 1),
        ("Phó Chủ tịch UBND", 2),
        ("Chánh Văn phòng", 10),
        ("Trưởng phòng", 10),
        ("Giám đốc Trung tâm", 10),
        ("Phó Trưởng phòng", 11),
        ("Công chức", 50),
        ("Văn thư", 60),
    ],
}

# org.Role has no separate role for the head of a department (Giám đốc Sở): the agency's
# leaders get LANH_DAO_UBND, the leaders' role of their agency.
_BGD = dict(
    kind=UnitKind.BAN,
    leader_role=Role.LANH_DAO_UBND,
    member_role=Role.LANH_DAO_UBND,
    head_position="Giám đốc Sở",
    deputy_position="Phó Giám đốc Sở",
    member_position="Phó Giám đốc Sở",
    staff=2,
)
_VP_SO = dict(
    kind=UnitKind.PHONG,
    leader_role=Role.LANH_DAO_VAN_PHONG,
    head_position="Chánh Văn phòng Sở",
    deputy_position="Phó Trưởng phòng",
    member_position="Văn thư",
    member_role=Role.VAN_THU,
    staff=3,
)
_LD_XA = dict(
    kind=UnitKind.KHAC,
    leader_role=Role.LANH_DAO_UBND,
    member_role=Role.LANH_DAO_UBND,
    head_position="Chủ tịch UBND",
    deputy_position="Phó Chủ tịch UBND",
    member_position="Phó Chủ tịch UBND",
    staff=2,
)
_VP_XA = dict(
    kind=UnitKind.PHONG,
    leader_role=Role.LANH_DAO_VAN_PHONG,
    head_position="Chánh Văn phòng",
    member_position="Văn thư",
    member_role=Role.VAN_THU,
    staff=3,
)
_TT_XA = dict(
    kind=UnitKind.TRUNG_TAM,
    member_role=Role.CAN_BO_MOT_CUA,
    head_position="Giám đốc Trung tâm",
    deputy_position="Công chức",
    member_position="Công chức",
    staff=3,
)


def _commune_units(agency: str, ward_code: int) -> list[UnitSpec]:
    is_ward = _ward_name(ward_code).startswith("Phường")
    economy = "Phòng Kinh tế, Hạ tầng và Đô thị" if is_ward else "Phòng Kinh tế"
    return [
        UnitSpec(agency, "LD", "Lãnh đạo UBND", **_LD_XA),
        UnitSpec(agency, "VP", "Văn phòng HĐND và UBND", **_VP_XA),
        UnitSpec(agency, "KT", economy, member_position="Công chức", staff=2),
        UnitSpec(agency, "VHXH", "Phòng Văn hóa - Xã hội", member_position="Công chức", staff=2),
        UnitSpec(agency, "TTPVHCC", "Trung tâm Phục vụ hành chính công", **_TT_XA),
    ]


UNITS: list[UnitSpec] = [
    UnitSpec(
        "ubnd_tinh",
        "TT",
        "Thường trực UBND tỉnh",
        kind=UnitKind.KHAC,
        leader_role=Role.LANH_DAO_UBND,
        member_role=Role.LANH_DAO_UBND,
        head_position="Chủ tịch UBND tỉnh",
        deputy_position="Phó Chủ tịch UBND tỉnh",
        member_position="Phó Chủ tịch UBND tỉnh",
        staff=3,
    ),
    UnitSpec(
        "vp_ubnd",
        "LDVP",
        "Lãnh đạo Văn phòng",
        kind=UnitKind.KHAC,
        leader_role=Role.LANH_DAO_VAN_PHONG,
        member_role=Role.LANH_DAO_VAN_PHONG,
        head_position="Chánh Văn phòng",
        deputy_position="Phó Chánh Văn phòng",
        member_position="Phó Chánh Văn phòng",
        staff=3,
    ),
    UnitSpec("vp_ubnd", "TH", "Phòng Tổng hợp"),
    UnitSpec("vp_ubnd", "KT", "Phòng Kinh tế"),
    UnitSpec("vp_ubnd", "KGVX", "Phòng Khoa giáo - Văn xã"),
    UnitSpec("vp_ubnd", "NC", "Phòng Nội chính"),
    UnitSpec(
        "vp_ubnd",
        "HCTC",
        "Phòng Hành chính - Tổ chức",
        member_role=Role.VAN_THU,
        member_position="Văn thư",
    ),
    UnitSpec("vp_ubnd", "QTTV", "Phòng Quản trị - Tài vụ"),
    UnitSpec(
        "vp_ubnd",
        "TTPVHCC",
        "Trung tâm Phục vụ hành chính công",
        kind=UnitKind.TRUNG_TAM,
        member_role=Role.CAN_BO_MOT_CUA,
        head_position="Giám đốc Trung tâm",
        deputy_position="Phó Giám đốc Trung tâm",
    ),
    UnitSpec(
        "vp_ubnd",
        "BTCD",
        "Ban Tiếp công dân",
        kind=UnitKind.BAN,
        member_role=Role.CAN_BO_TIEP_CONG_DAN,
        head_position="Trưởng ban",
        deputy_position="Phó Trưởng ban",
    ),
    UnitSpec("so_noi_vu", "BGD", "Ban Giám đốc", **_BGD),
    UnitSpec("so_noi_vu", "VP", "Văn phòng Sở", **_VP_SO),
    UnitSpec("so_noi_vu", "TCBC", "Phòng Tổ chức, biên chế và tổ chức phi chính phủ", staff=2),
    UnitSpec("so_noi_vu", "XDCQ", "Phòng Xây dựng chính quyền và công tác thanh niên", staff=2),
    UnitSpec("so_noi_vu", "CCVC", "Phòng Công chức, viên chức", staff=2),
    UnitSpec("so_tai_chinh", "BGD", "Ban Giám đốc", **_BGD),
    UnitSpec("so_tai_chinh", "VP", "Văn phòng Sở", **_VP_SO),
    UnitSpec("so_tai_chinh", "QLNS", "Phòng Quản lý ngân sách", staff=2),
    UnitSpec("so_tai_chinh", "TCDT", "Phòng Tài chính đầu tư", staff=2),
    UnitSpec("so_tai_chinh", "DN", "Phòng Doanh nghiệp, kinh tế tập thể và tư nhân", staff=2),
    *_commune_units("px_pho_hien", WARD_PHO_HIEN),
    *_commune_units("xa_vu_thu", WARD_VU_THU),
]

# One sign-in account per role, with the shared DEMO_PASSWORD.
DEMO_ACCOUNTS: list[DemoAccount] = [
    DemoAccount("vanthu", Role.VAN_THU, "vp_ubnd", "HCTC", "Văn thư"),
    DemoAccount("chuyenvien", Role.CHUYEN_VIEN, "vp_ubnd", "KT", "Chuyên viên"),
    DemoAccount("lanhdaophong", Role.LANH_DAO_PHONG, "vp_ubnd", "KT", "Trưởng phòng", True),
    DemoAccount(
        "lanhdaovanphong", Role.LANH_DAO_VAN_PHONG, "vp_ubnd", "LDVP", "Chánh Văn phòng", True
    ),
    DemoAccount("lanhdaoubnd", Role.LANH_DAO_UBND, "ubnd_tinh", "TT", "Phó Chủ tịch UBND tỉnh"),
    DemoAccount("motcua", Role.CAN_BO_MOT_CUA, "vp_ubnd", "TTPVHCC", "Chuyên viên"),
    DemoAccount("tiepcongdan", Role.CAN_BO_TIEP_CONG_DAN, "vp_ubnd", "BTCD", "Chuyên viên"),
    DemoAccount("quantri", Role.QUAN_TRI, "vp_ubnd", "HCTC", "Chuyên viên"),
]

_MIDDLE_MALE = ["Văn", "Đức", "Minh", "Quang", "Hữu", "Ngọc", "Thành", "Xuân", "Công", "Duy"]
_MIDDLE_FEMALE = ["Thị", "Thu", "Thanh", "Ngọc", "Minh", "Hồng", "Phương", "Thùy", "Mai", "Lan"]


def vietnamese_name(seed: str) -> str:
    """A deterministic Vietnamese full name (family, middle, given) for ``seed``."""
    fake = Faker("vi_VN")
    fake.seed_instance(f"vanphong-demo-{seed}")
    if fake.random.random() < 0.5:
        return f"{fake.last_name()} {fake.random.choice(_MIDDLE_MALE)} {fake.first_name_male()}"
    return f"{fake.last_name()} {fake.random.choice(_MIDDLE_FEMALE)} {fake.first_name_female()}"


def _ensure_agency(spec: AgencySpec, agencies: dict[str, Agency]) -> Agency:
    agency = Agency.objects.filter(identifier=spec.identifier).first()
    if agency is not None:
        return agency
    return services.agency_create(
        acting_user=None,
        name=spec.name,
        short_name=spec.short_name,
        kind=spec.kind,
        identifier=spec.identifier,
        legacy_identifier=spec.legacy_identifier,
        parent=agencies[spec.parent] if spec.parent else None,
        province_code=PROVINCE_CODE,
        ward_code=spec.ward_code,
        address=spec.address,
    )


def _ensure_unit(spec: UnitSpec, agency: Agency, order: int) -> Unit:
    unit = Unit.objects.filter(agency=agency, abbreviation=spec.abbreviation).first()
    if unit is not None:
        return unit
    return services.unit_create(
        acting_user=None,
        agency=agency,
        name=spec.name,
        abbreviation=spec.abbreviation,
        kind=spec.kind,
        order=order,
    )


def _ensure_official(
    *,
    username: str,
    agency: Agency,
    unit: Unit,
    position: str,
    role: str,
    is_head: bool,
    password_hash: str | None = None,
) -> Official:
    official = Official.objects.filter(username=username).first()
    if official is None:
        official = services.official_create(
            acting_user=None,
            agency=agency,
            username=username,
            full_name=vietnamese_name(username),
            email=f"{username}@{EMAIL_DOMAIN}",
            unit=unit,
            position=Position.objects.get(agency=agency, name=position),
            is_head=is_head,
            roles=[role],
            require_second_factor=role == Role.QUAN_TRI,
        )
    else:
        services.role_grant(
            acting_user=None,
            official=official,
            role=role,
            agency=agency,
            unit=unit if role in (Role.LANH_DAO_PHONG, Role.CHUYEN_VIEN) else None,
        )
    if password_hash is not None and official.password != password_hash:
        # Demo accounts always sign in with DEMO_PASSWORD, even after someone changed it.
        if not official.check_password(DEMO_PASSWORD):
            official.password = password_hash
            official.save(update_fields=["password"])
    return official


def _ensure_totp(official: Official) -> None:
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = TOTPDevice.objects.filter(user=official, name=DEMO_TOTP_DEVICE_NAME).first()
    if device is None:
        TOTPDevice.objects.create(
            user=official, name=DEMO_TOTP_DEVICE_NAME, key=DEMO_TOTP_KEY_HEX, confirmed=True
        )
    elif device.key != DEMO_TOTP_KEY_HEX or not device.confirmed:
        device.key, device.confirmed = DEMO_TOTP_KEY_HEX, True
        device.save(update_fields=["key", "confirmed"])


def _agency_slug(key: str) -> str:
    return key.replace("_", "")


@seed_step("org", order=10)
def seed_org(ctx: SeedContext) -> None:
    """Agencies, units, positions, staff of every unit and the demo accounts."""
    with transaction.atomic():
        for spec in AGENCIES:
            ctx.agencies[spec.key] = _ensure_agency(spec, ctx.agencies)
        for key, positions in POSITIONS.items():
            for name, rank in positions:
                Position.objects.get_or_create(
                    agency=ctx.agencies[key], name=name, defaults={"rank": rank}
                )
        orders: dict[str, int] = {}
        for spec in UNITS:
            orders[spec.agency] = orders.get(spec.agency, 0) + 1
            unit = _ensure_unit(spec, ctx.agencies[spec.agency], orders[spec.agency])
            ctx.units[(spec.agency, spec.abbreviation)] = unit
        # Staff of each unit: head, deputy, members (no password: they do not sign in). Where a
        # demo account heads the unit, the staff starts with the deputy.
        headed = {(a.agency, a.unit) for a in DEMO_ACCOUNTS if a.is_head}
        for spec in UNITS:
            agency = ctx.agencies[spec.agency]
            unit = ctx.units[(spec.agency, spec.abbreviation)]
            for n in range(1, spec.staff + 1):
                username = f"{_agency_slug(spec.agency)}.{spec.abbreviation.lower()}.{n}"
                is_head = n == 1 and (spec.agency, spec.abbreviation) not in headed
                if is_head:
                    position, role = spec.head_position, spec.leader_role
                elif n <= 2:
                    position, role = spec.deputy_position, spec.leader_role
                else:
                    position, role = spec.member_position, spec.member_role
                ctx.officials[username] = _ensure_official(
                    username=username,
                    agency=agency,
                    unit=unit,
                    position=position,
                    role=role,
                    is_head=is_head,
                )
        password_hash = make_password(DEMO_PASSWORD)
        for account in DEMO_ACCOUNTS:
            official = _ensure_official(
                username=account.username,
                agency=ctx.agencies[account.agency],
                unit=ctx.units[(account.agency, account.unit)],
                position=account.position,
                role=account.role,
                is_head=account.is_head,
                password_hash=password_hash,
            )
            if account.role == Role.QUAN_TRI:
                if not (official.is_staff and official.is_superuser):
                    # The platform administrator of the demo (Django admin needs staff status).
                    official.is_staff = official.is_superuser = True
                    official.save(update_fields=["is_staff", "is_superuser"])
                _ensure_totp(official)
            ctx.officials[account.username] = official
    ctx.log(
        f"  Tổ chức: {len(ctx.agencies)} cơ quan, {len(ctx.units)} đơn vị, "
        f"{len(ctx.officials)} cán bộ ({len(DEMO_ACCOUNTS)} tài khoản dùng thử)"
    )
