from django.utils.translation import gettext_lazy as _

from vanphong.core.navigation import NavEntry, register
from vanphong.core.startpage import Counter
from vanphong.core.startpage import register as register_counter
from vanphong.meetings import selectors
from vanphong.org.models import Role

ALL_STAFF = {
    Role.VAN_THU,
    Role.CHUYEN_VIEN,
    Role.LANH_DAO_PHONG,
    Role.LANH_DAO_VAN_PHONG,
    Role.LANH_DAO_UBND,
}

register(
    NavEntry(
        key="meetings.week",
        label=_("Lịch họp"),
        url_name="meetings:meeting_week",
        icon="calendar-event",
        roles=ALL_STAFF,
        order=40,
    )
)
register(
    NavEntry(
        key="meetings.schedule",
        label=_("Lịch công tác tuần"),
        url_name="meetings:schedule_week",
        icon="calendar-week",
        roles=ALL_STAFF,
        order=41,
    )
)
register(
    NavEntry(
        key="meetings.rooms",
        label=_("Phòng họp"),
        url_name="meetings:room_list",
        icon="door",
        roles=ALL_STAFF,
        order=42,
    )
)
register_counter(
    Counter(
        key="meetings.today",
        label=_("Cuộc họp hôm nay"),
        count=selectors.today_count,
        url_name="meetings:meeting_week",
        roles=ALL_STAFF,
        icon="calendar-event",
        order=40,
    )
)
