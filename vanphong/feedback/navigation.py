from django.utils.translation import gettext_lazy as _

from vanphong.core.navigation import NavEntry, register
from vanphong.core.startpage import Counter
from vanphong.core.startpage import register as register_counter
from vanphong.feedback import selectors
from vanphong.org.models import Role

register(
    NavEntry(
        key="feedback.queue",
        label=_("Phản ánh, kiến nghị"),
        url_name="feedback:queue",
        icon="message-report",
        roles={
            Role.CAN_BO_TIEP_CONG_DAN,
            Role.LANH_DAO_VAN_PHONG,
            Role.LANH_DAO_UBND,
            Role.CHUYEN_VIEN,
            Role.LANH_DAO_PHONG,
        },
        order=65,
    )
)
register_counter(
    Counter(
        key="feedback.to_answer",
        label=_("Phản ánh chờ đơn vị trả lời"),
        count=lambda user: selectors.awaiting_answer(user).count(),
        url_name="feedback:queue",
        roles={Role.CHUYEN_VIEN, Role.LANH_DAO_PHONG, Role.LANH_DAO_VAN_PHONG, Role.LANH_DAO_UBND},
        icon="message-report",
        order=65,
    )
)
register_counter(
    Counter(
        key="feedback.to_approve",
        label=_("Trả lời phản ánh chờ duyệt công khai"),
        count=lambda user: selectors.awaiting_approval(user).count(),
        url_name="feedback:queue",
        roles={Role.LANH_DAO_VAN_PHONG, Role.LANH_DAO_UBND},
        icon="message-check",
        order=66,
    )
)
register_counter(
    Counter(
        key="feedback.overdue",
        label=_("Phản ánh quá hạn trả lời"),
        count=lambda user: selectors.overdue_for_operator(user).count(),
        url_name="feedback:queue",
        roles={Role.CAN_BO_TIEP_CONG_DAN, Role.LANH_DAO_VAN_PHONG, Role.LANH_DAO_UBND},
        icon="alarm",
        colour="danger",
        order=67,
    )
)
