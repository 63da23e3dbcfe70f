from django.utils.translation import gettext_lazy as _

from vanphong.core.navigation import NavEntry, register
from vanphong.org.models import Role

register(
    NavEntry(
        key="reports.dashboard",
        label=_("Tổng hợp cho lãnh đạo"),
        url_name="reports:dashboard",
        icon="chart-bar",
        roles={Role.LANH_DAO_UBND, Role.LANH_DAO_VAN_PHONG},
        order=90,
    )
)
