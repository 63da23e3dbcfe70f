from django.utils.translation import gettext_lazy as _

from vanphong.core.navigation import NavEntry, register
from vanphong.core.startpage import Counter
from vanphong.core.startpage import register as register_counter
from vanphong.org.models import Role

OFFICIALS = {
    Role.VAN_THU,
    Role.CHUYEN_VIEN,
    Role.LANH_DAO_PHONG,
    Role.LANH_DAO_VAN_PHONG,
    Role.LANH_DAO_UBND,
}

register(
    NavEntry(
        key="workfiles.catalog",
        label=_("Hồ sơ công việc"),
        url_name="workfiles:catalog",
        icon="folders",
        roles=OFFICIALS,
        order=40,
    )
)
# The registers' screen (vanphong/documents/registers.py) has its entry here until the
# documents' navigation lists it.
register(
    NavEntry(
        key="documents.registers",
        label=_("Sổ đăng ký văn bản"),
        url_name="registers:form",
        icon="book",
        roles={Role.VAN_THU, Role.LANH_DAO_VAN_PHONG, Role.LANH_DAO_UBND},
        order=25,
    )
)


def _open_count(user) -> int:
    from vanphong.workfiles.selectors import open_count

    return open_count(user)


register_counter(
    Counter(
        key="workfiles.open",
        label=_("Hồ sơ đang lập của tôi"),
        count=_open_count,
        url_name="workfiles:mine",
        icon="folders",
        roles=frozenset(OFFICIALS),
        order=60,
    )
)
