from django.utils.translation import gettext_lazy as _

from vanphong.core.navigation import NavEntry, register
from vanphong.core.startpage import Counter
from vanphong.core.startpage import register as register_counter
from vanphong.org.models import Role

STAFF = {Role.CAN_BO_MOT_CUA, Role.LANH_DAO_VAN_PHONG, Role.LANH_DAO_UBND}
HANDLERS = {Role.CHUYEN_VIEN, Role.LANH_DAO_PHONG}

register(
    NavEntry(
        key="onestop.dossiers",
        label=_("Hồ sơ một cửa"),
        url_name="onestop:dossier_list",
        icon="folders",
        roles=STAFF | HANDLERS,
        order=40,
    )
)
register(
    NavEntry(
        key="onestop.receive",
        label=_("Tiếp nhận hồ sơ"),
        url_name="onestop:dossier_create",
        icon="file-plus",
        roles={Role.CAN_BO_MOT_CUA},
        order=41,
    )
)
register(
    NavEntry(
        key="onestop.my_steps",
        label=_("Hồ sơ cần xử lý"),
        url_name="onestop:my_steps",
        icon="checklist",
        roles=STAFF | HANDLERS,
        order=42,
    )
)
register(
    NavEntry(
        key="onestop.statistics",
        label=_("Thống kê một cửa"),
        url_name="onestop:statistics",
        icon="chart-bar",
        roles=STAFF,
        order=43,
    )
)
register(
    NavEntry(
        key="onestop.portal",
        label=_("Đồng bộ Cổng DVC"),
        url_name="onestop:portal_monitor",
        icon="refresh",
        roles={Role.CAN_BO_MOT_CUA},
        order=44,
    )
)


def _my_steps(user) -> int:
    from vanphong.onestop import selectors

    return selectors.my_steps(user).count()


def _due_today(user) -> int:
    from vanphong.onestop import selectors

    return selectors.due_today(user).count()


def _overdue(user) -> int:
    from vanphong.onestop import selectors

    return selectors.overdue(user).count()


register_counter(
    Counter(
        key="onestop.my_steps",
        label=_("Hồ sơ một cửa chờ tôi xử lý"),
        count=_my_steps,
        url_name="onestop:my_steps",
        icon="checklist",
        roles=STAFF | HANDLERS,
        order=40,
    )
)
register_counter(
    Counter(
        key="onestop.due_today",
        label=_("Hồ sơ đến hạn trả hôm nay"),
        count=_due_today,
        url_name="onestop:dossier_list",
        icon="calendar-due",
        roles=STAFF,
        order=41,
        colour="warning",
    )
)
register_counter(
    Counter(
        key="onestop.overdue",
        label=_("Hồ sơ một cửa quá hạn"),
        count=_overdue,
        url_name="onestop:dossier_list",
        icon="alert-triangle",
        roles=STAFF,
        order=42,
        colour="danger",
    )
)
