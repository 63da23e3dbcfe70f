from django.utils.translation import gettext_lazy as _

from vanphong.core.navigation import NavEntry, register
from vanphong.org.models import Role

register(
    NavEntry(
        key="procedures.manage",
        label=_("Thủ tục hành chính"),
        url_name="procedures:manage_list",
        icon="list-details",
        roles=frozenset({Role.CAN_BO_MOT_CUA, Role.QUAN_TRI, Role.LANH_DAO_VAN_PHONG}),
        order=60,
    )
)
