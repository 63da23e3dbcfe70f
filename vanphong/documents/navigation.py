from django.utils.translation import gettext_lazy as _

from vanphong.core.navigation import NavEntry, register
from vanphong.org.models import Role

register(
    NavEntry(
        key="documents.incoming",
        label=_("Văn bản đến"),
        url_name="documents:incoming_list",
        icon="inbox",
        roles={Role.VAN_THU, Role.LANH_DAO_VAN_PHONG, Role.LANH_DAO_UBND},
        order=20,
    )
)
register(
    NavEntry(
        key="documents.incoming_queue",
        label=_("Văn bản chờ cho ý kiến"),
        url_name="documents:incoming_queue",
        icon="message-2-check",
        roles={Role.LANH_DAO_VAN_PHONG, Role.LANH_DAO_UBND},
        order=21,
    )
)
register(
    NavEntry(
        key="documents.incoming_assigned",
        label=_("Văn bản được giao"),
        url_name="documents:incoming_assigned",
        icon="file-check",
        roles={Role.CHUYEN_VIEN, Role.LANH_DAO_PHONG},
        order=22,
    )
)
