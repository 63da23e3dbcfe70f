from django.utils.translation import gettext_lazy as _

from vanphong.core.deadlines import DeadlineStatus
from vanphong.core.navigation import NavEntry, register
from vanphong.core.startpage import Counter
from vanphong.core.startpage import register as register_counter
from vanphong.org.models import Role
from vanphong.tasks import selectors

OFFICIALS = {
    Role.CHUYEN_VIEN,
    Role.LANH_DAO_PHONG,
    Role.LANH_DAO_VAN_PHONG,
    Role.LANH_DAO_UBND,
    Role.VAN_THU,
}
LEADERS = {Role.LANH_DAO_VAN_PHONG, Role.LANH_DAO_UBND}

register(
    NavEntry(
        key="tasks.list",
        label=_("Nhiệm vụ"),
        url_name="tasks:task_list",
        icon="checklist",
        roles=OFFICIALS,
        order=40,
    )
)
register(
    NavEntry(
        key="tasks.follow_up",
        label=_("Theo dõi nhiệm vụ"),
        url_name="tasks:follow_up",
        icon="table",
        roles=LEADERS | {Role.CHUYEN_VIEN, Role.LANH_DAO_PHONG},
        order=41,
    )
)
register_counter(
    Counter(
        key="tasks.unit_due_soon",
        label=_("Nhiệm vụ của đơn vị sắp đến hạn"),
        count=lambda user: selectors.unit_tasks_with_status(
            user, DeadlineStatus.SAP_DEN_HAN
        ).count(),
        url_name="tasks:task_list",
        roles=OFFICIALS,
        icon="checklist",
        colour="warning",
        order=40,
    )
)
register_counter(
    Counter(
        key="tasks.unit_overdue",
        label=_("Nhiệm vụ của đơn vị quá hạn"),
        count=lambda user: selectors.unit_tasks_with_status(user, DeadlineStatus.QUA_HAN).count(),
        url_name="tasks:task_list",
        roles=OFFICIALS,
        icon="alarm",
        colour="danger",
        order=41,
    )
)
register_counter(
    Counter(
        key="tasks.awaiting_my_decision",
        label=_("Nhiệm vụ chờ tôi duyệt, gia hạn"),
        count=lambda user: selectors.awaiting_decision(user).count(),
        url_name="tasks:task_list",
        roles=LEADERS | {Role.CHUYEN_VIEN},
        icon="clipboard-check",
        colour="primary",
        order=42,
    )
)
