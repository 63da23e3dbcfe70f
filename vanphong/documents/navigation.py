from django.utils.translation import gettext_lazy as _

from vanphong.core.navigation import NavEntry, register
from vanphong.core.startpage import Counter
from vanphong.core.startpage import register as register_counter
from vanphong.documents import selectors
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
register(
    NavEntry(
        key="documents.incoming_overdue",
        label=_("Văn bản quá hạn theo đơn vị"),
        url_name="documents:incoming_overdue",
        icon="alarm",
        roles={Role.LANH_DAO_VAN_PHONG, Role.LANH_DAO_UBND},
        order=24,
    )
)
register(
    NavEntry(
        key="documents.recall_requests",
        label=_("Yêu cầu thu hồi văn bản"),
        url_name="documents:recall_requests",
        icon="arrow-back-up",
        roles={Role.VAN_THU},
        order=23,
    )
)
register(
    NavEntry(
        key="documents.outgoing",
        label=_("Văn bản đi"),
        url_name="documents:outgoing_list",
        icon="send",
        roles={Role.VAN_THU, Role.LANH_DAO_VAN_PHONG, Role.LANH_DAO_UBND},
        order=25,
    )
)
register(
    NavEntry(
        key="documents.outgoing_mine",
        label=_("Dự thảo của tôi"),
        url_name="documents:outgoing_mine",
        icon="file-pencil",
        roles={Role.CHUYEN_VIEN, Role.LANH_DAO_PHONG, Role.VAN_THU, Role.LANH_DAO_VAN_PHONG},
        order=26,
    )
)
register(
    NavEntry(
        key="documents.outgoing_queue",
        label=_("Văn bản đi chờ duyệt"),
        url_name="documents:outgoing_queue",
        icon="checklist",
        roles={Role.LANH_DAO_PHONG, Role.LANH_DAO_VAN_PHONG, Role.LANH_DAO_UBND},
        order=27,
    )
)
register(
    NavEntry(
        key="documents.outgoing_to_issue",
        label=_("Văn bản chờ phát hành"),
        url_name="documents:outgoing_to_issue",
        icon="stamp",
        roles={Role.VAN_THU},
        order=28,
    )
)

# --- start-page counters (one COUNT query each) ---------------------------------------------------

register_counter(
    Counter(
        key="documents.to_direct",
        label=_("Văn bản đến chờ cho ý kiến chỉ đạo"),
        count=selectors.count_awaiting_direction,
        url_name="documents:incoming_queue",
        roles={Role.LANH_DAO_VAN_PHONG, Role.LANH_DAO_UBND},
        icon="message-2-check",
        order=20,
    )
)
register_counter(
    Counter(
        key="documents.outgoing_to_review",
        label=_("Dự thảo văn bản chờ duyệt"),
        count=selectors.count_review_queue,
        url_name="documents:outgoing_queue",
        roles={Role.LANH_DAO_PHONG, Role.LANH_DAO_VAN_PHONG, Role.LANH_DAO_UBND},
        icon="checklist",
        order=21,
    )
)
register_counter(
    Counter(
        key="documents.outgoing_to_issue",
        label=_("Văn bản chờ phát hành"),
        count=selectors.count_to_issue,
        url_name="documents:outgoing_to_issue",
        roles={Role.VAN_THU},
        icon="stamp",
        order=22,
    )
)
register_counter(
    Counter(
        key="documents.recall_requests",
        label=_("Yêu cầu thu hồi văn bản"),
        count=selectors.count_recall_requests,
        url_name="documents:recall_requests",
        roles={Role.VAN_THU},
        icon="arrow-back-up",
        order=23,
        colour="danger",
    )
)
