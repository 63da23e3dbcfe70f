from django.utils.translation import gettext_lazy as _

from vanphong.core.navigation import NavEntry, register
from vanphong.org.models import Role

register(
    NavEntry(
        key="reception.petitions",
        label=_("Sổ xử lý đơn"),
        url_name="reception:petition_list",
        icon="mail-opened",
        roles={Role.CAN_BO_TIEP_CONG_DAN, Role.LANH_DAO_VAN_PHONG, Role.LANH_DAO_UBND},
        order=60,
    )
)
