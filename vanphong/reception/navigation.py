from django.utils.translation import gettext_lazy as _

from vanphong.core.deadlines import DeadlineStatus
from vanphong.core.navigation import NavEntry, register
from vanphong.core.startpage import Counter
from vanphong.core.startpage import register as register_counter
from vanphong.org.models import Role
from vanphong.reception import selectors

STAFF = {Role.CAN_BO_TIEP_CONG_DAN, Role.LANH_DAO_VAN_PHONG, Role.LANH_DAO_UBND}

register(
    NavEntry(
        key="reception.petitions",
        label=_("Sổ xử lý đơn"),
        url_name="reception:petition_list",
        icon="mail-opened",
        roles=STAFF,
        order=60,
    )
)
register(
    NavEntry(
        key="reception.register",
        label=_("Sổ tiếp công dân"),
        url_name="reception:entry_list",
        icon="users",
        roles=STAFF,
        order=61,
    )
)
register(
    NavEntry(
        key="reception.days",
        label=_("Lịch tiếp công dân"),
        url_name="reception:day_list",
        icon="calendar-user",
        roles=STAFF,
        order=62,
    )
)

register_counter(
    Counter(
        key="reception.petitions_due_soon",
        label=_("Đơn sắp đến hạn"),
        count=lambda user: selectors.petitions_handled_by(user, DeadlineStatus.SAP_DEN_HAN).count(),
        url_name="reception:petition_list",
        roles=STAFF,
        icon="mail-opened",
        colour="warning",
        order=60,
    )
)
register_counter(
    Counter(
        key="reception.petitions_overdue",
        label=_("Đơn quá hạn"),
        count=lambda user: selectors.petitions_handled_by(user, DeadlineStatus.QUA_HAN).count(),
        url_name="reception:petition_list",
        roles=STAFF,
        icon="mail-exclamation",
        colour="danger",
        order=61,
    )
)
register_counter(
    Counter(
        key="reception.entries_awaiting_reply",
        label=_("Lượt tiếp chờ trả lời công dân"),
        count=lambda user: selectors.entries_awaiting_reply(user).count(),
        url_name="reception:entry_list",
        roles=STAFF,
        icon="message-reply",
        colour="primary",
        order=62,
    )
)
