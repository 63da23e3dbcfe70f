"""Meetings (cuộc họp), rooms, participants, agenda, minutes, conclusions, personal calendar
feeds and the weekly work schedule of the leaders (lịch công tác tuần).

Every write goes through :mod:`vanphong.meetings.services` (one transaction, event log)."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from vanphong.core import clock
from vanphong.core.text import NFCCharField, NFCTextField

#: Base of the video-conference links (Jitsi Meet-style); setting ``MEETING_ROOM_BASE_URL``.
DEFAULT_ROOM_BASE_URL = "https://meet.jit.si/"


def room_base_url() -> str:
    return getattr(settings, "MEETING_ROOM_BASE_URL", DEFAULT_ROOM_BASE_URL)


class Room(models.Model):
    """A meeting room of an agency (phòng họp)."""

    agency = models.ForeignKey(
        "org.Agency", verbose_name=_("cơ quan"), on_delete=models.PROTECT, related_name="+"
    )
    name = NFCCharField(_("tên phòng họp"), max_length=150)
    capacity = models.PositiveIntegerField(_("sức chứa (người)"))
    location = NFCCharField(_("vị trí"), max_length=255, blank=True)
    is_active = models.BooleanField(_("đang sử dụng"), default=True)

    class Meta:
        verbose_name = _("phòng họp")
        verbose_name_plural = _("phòng họp")
        ordering = ["agency", "name"]
        constraints = [
            models.UniqueConstraint(fields=["agency", "name"], name="meetings_room_name_unique")
        ]

    def __str__(self) -> str:
        return self.name


class MeetingState(models.TextChoices):
    DRAFT = "draft", _("Dự kiến")
    SCHEDULED = "scheduled", _("Đã lên lịch")
    HELD = "held", _("Đã họp")
    CANCELLED = "cancelled", _("Đã hủy")


#: States in which a meeting holds its room and its people.
BOOKING_STATES = (MeetingState.SCHEDULED, MeetingState.HELD)


class Meeting(models.Model):
    """One meeting. ``uid`` is the stable iCalendar UID; ``sequence`` rises on every change."""

    agency = models.ForeignKey(
        "org.Agency", verbose_name=_("cơ quan tổ chức"), on_delete=models.PROTECT, related_name="+"
    )
    title = NFCCharField(_("tên cuộc họp"), max_length=500)
    description = NFCTextField(_("nội dung"), blank=True)
    chair = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("chủ trì"),
        on_delete=models.PROTECT,
        related_name="meetings_chaired",
    )
    starts_at = models.DateTimeField(_("bắt đầu"), db_index=True)
    ends_at = models.DateTimeField(_("kết thúc"))
    room = models.ForeignKey(
        Room,
        verbose_name=_("phòng họp"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="meetings",
    )
    place = NFCCharField(_("địa điểm khác"), max_length=255, blank=True)
    online = models.BooleanField(_("họp trực tuyến"), default=False)
    online_room = models.CharField(_("tên phòng họp trực tuyến"), max_length=64, blank=True)
    preparing_unit = models.ForeignKey(
        "org.Unit",
        verbose_name=_("đơn vị chuẩn bị"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    state = models.CharField(
        _("trạng thái"),
        max_length=12,
        choices=MeetingState.choices,
        default=MeetingState.DRAFT,
        db_index=True,
    )
    uid = models.UUIDField(_("mã lịch (UID)"), default=uuid.uuid4, unique=True, editable=False)
    sequence = models.PositiveIntegerField(_("lần thay đổi"), default=0)
    cancel_reason = NFCTextField(_("lý do hủy"), blank=True)
    minutes_text = NFCTextField(_("biên bản cuộc họp"), blank=True)
    minutes_file = models.ForeignKey(
        "attachments.Attachment",
        verbose_name=_("tệp biên bản"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    conclusion_summary = NFCTextField(_("kết luận chung"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người tạo"),
        null=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("tạo lúc"), default=clock.now, editable=False)
    updated_at = models.DateTimeField(_("cập nhật lúc"), default=clock.now)

    class Meta:
        verbose_name = _("cuộc họp")
        verbose_name_plural = _("cuộc họp")
        ordering = ["starts_at", "pk"]
        indexes = [
            models.Index(fields=["agency", "starts_at"]),
            models.Index(fields=["room", "starts_at"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")), name="meetings_meeting_period"
            )
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def online_url(self) -> str:
        if not (self.online and self.online_room):
            return ""
        return room_base_url().rstrip("/") + "/" + self.online_room

    @property
    def place_label(self) -> str:
        parts = []
        if self.room_id:
            parts.append(self.room.name)
        if self.place:
            parts.append(self.place)
        if self.online:
            parts.append(str(_("Trực tuyến")))
        return ", ".join(parts)


class ParticipantKind(models.TextChoices):
    PERSON = "person", _("Cá nhân")
    UNIT = "unit", _("Đơn vị")


class ParticipantResponse(models.TextChoices):
    """The invitee's answer (xác nhận tham dự)."""

    PENDING = "cho_xac_nhan", _("Chưa xác nhận")
    ATTENDING = "tham_du", _("Tham dự")
    DEPUTY = "cu_du_thay", _("Cử người dự thay")
    DECLINED = "khong_tham_du", _("Không tham dự")


class Participant(models.Model):
    """A person invited by name, or a unit (of any agency) that names who attends; the
    invited person, or the unit's attendee, may send a deputy (``substitute``)."""

    meeting = models.ForeignKey(
        Meeting, verbose_name=_("cuộc họp"), on_delete=models.CASCADE, related_name="participants"
    )
    kind = models.CharField(_("loại"), max_length=8, choices=ParticipantKind.choices)
    official = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("cán bộ được mời"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    unit = models.ForeignKey(
        "org.Unit",
        verbose_name=_("đơn vị được mời"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    attendee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người dự họp do đơn vị cử"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    substitute = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người dự thay"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    note = NFCCharField(_("ghi chú"), max_length=255, blank=True)
    response = models.CharField(
        _("xác nhận tham dự"),
        max_length=15,
        choices=ParticipantResponse.choices,
        default=ParticipantResponse.PENDING,
    )
    response_reason = NFCCharField(_("lý do, ghi chú khi xác nhận"), max_length=500, blank=True)
    responded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người xác nhận"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    responded_at = models.DateTimeField(_("xác nhận lúc"), null=True, blank=True)

    class Meta:
        verbose_name = _("thành phần dự họp")
        verbose_name_plural = _("thành phần dự họp")
        ordering = ["meeting", "kind", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(kind="person", official__isnull=False, unit__isnull=True))
                | (Q(kind="unit", unit__isnull=False, official__isnull=True)),
                name="meetings_participant_kind",
            ),
            models.UniqueConstraint(
                fields=["meeting", "official"],
                condition=Q(official__isnull=False),
                name="meetings_participant_person_unique",
            ),
            models.UniqueConstraint(
                fields=["meeting", "unit"],
                condition=Q(unit__isnull=False),
                name="meetings_participant_unit_unique",
            ),
        ]

    def __str__(self) -> str:
        return str(self.official or self.unit)

    @property
    def present_person(self):
        """Who actually attends: the deputy if one is sent, else the invited or named person;
        nobody when the invitation is declined."""
        if self.response == ParticipantResponse.DECLINED:
            return None
        return self.substitute or self.official or self.attendee

    @property
    def invited_person(self):
        """The person the invitation is for: the invited official, or the unit's attendee."""
        return self.official or self.attendee


class AgendaItem(models.Model):
    meeting = models.ForeignKey(
        Meeting, verbose_name=_("cuộc họp"), on_delete=models.CASCADE, related_name="agenda"
    )
    order = models.PositiveSmallIntegerField(_("thứ tự"), default=1)
    title = NFCCharField(_("nội dung"), max_length=500)
    presenting_unit = models.ForeignKey(
        "org.Unit",
        verbose_name=_("đơn vị trình bày"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    minutes = models.PositiveSmallIntegerField(_("thời lượng (phút)"), null=True, blank=True)

    class Meta:
        verbose_name = _("nội dung chương trình họp")
        verbose_name_plural = _("chương trình họp")
        ordering = ["meeting", "order", "pk"]

    def __str__(self) -> str:
        return self.title


class Material(models.Model):
    """A material of an agenda item: an uploaded file (attachments kernel) or a linked
    document of the documents module."""

    item = models.ForeignKey(
        AgendaItem, verbose_name=_("nội dung"), on_delete=models.CASCADE, related_name="materials"
    )
    title = NFCCharField(_("tên tài liệu"), max_length=255)
    attachment = models.ForeignKey(
        "attachments.Attachment",
        verbose_name=_("tệp"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    document = models.ForeignKey(
        "documents.IncomingDocument",
        verbose_name=_("văn bản liên quan"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    added_at = models.DateTimeField(default=clock.now)

    class Meta:
        verbose_name = _("tài liệu họp")
        verbose_name_plural = _("tài liệu họp")
        ordering = ["item", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(attachment__isnull=False) | Q(document__isnull=False),
                name="meetings_material_has_content",
            )
        ]

    def __str__(self) -> str:
        return self.title


class ConclusionItem(models.Model):
    """One conclusion of the meeting (thông báo kết luận): what, who leads, by when. Becomes a
    task of the tasks module in one step (``services.conclusions_to_tasks``)."""

    meeting = models.ForeignKey(
        Meeting, verbose_name=_("cuộc họp"), on_delete=models.CASCADE, related_name="conclusions"
    )
    order = models.PositiveSmallIntegerField(_("thứ tự"), default=1)
    content = NFCTextField(_("nội dung kết luận"))
    lead_unit = models.ForeignKey(
        "org.Unit",
        verbose_name=_("đơn vị chủ trì"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    lead_agency = models.ForeignKey(
        "org.Agency",
        verbose_name=_("cơ quan chủ trì"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    due_date = models.DateField(_("thời hạn"), null=True, blank=True)
    task_id = models.PositiveBigIntegerField(_("mã nhiệm vụ"), null=True, blank=True)

    class Meta:
        verbose_name = _("nội dung kết luận")
        verbose_name_plural = _("nội dung kết luận")
        ordering = ["meeting", "order", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(lead_unit__isnull=False) | Q(lead_agency__isnull=False),
                name="meetings_conclusion_has_lead",
            )
        ]

    def __str__(self) -> str:
        return self.content[:80]

    @property
    def agency(self):
        return self.meeting.agency

    @property
    def agency_id(self):
        return self.meeting.agency_id


class DocumentPurpose(models.TextChoices):
    INVITATION = "invitation", _("Giấy mời")
    CONCLUSION = "conclusion", _("Thông báo kết luận")


class MeetingDocument(models.Model):
    """An outgoing document drafted for the meeting in the documents module (giấy mời, thông
    báo kết luận); ``issued_at`` and ``number`` are set when the documents module issues it."""

    meeting = models.ForeignKey(
        Meeting, verbose_name=_("cuộc họp"), on_delete=models.CASCADE, related_name="documents"
    )
    purpose = models.CharField(_("loại"), max_length=12, choices=DocumentPurpose.choices)
    document_id = models.PositiveBigIntegerField(_("mã văn bản đi"))
    trich_yeu = NFCCharField(_("trích yếu"), max_length=500)
    number = NFCCharField(_("số, ký hiệu"), max_length=100, blank=True)
    issued_at = models.DateTimeField(_("ban hành lúc"), null=True, blank=True)
    created_at = models.DateTimeField(default=clock.now)

    class Meta:
        verbose_name = _("văn bản của cuộc họp")
        verbose_name_plural = _("văn bản của cuộc họp")
        ordering = ["meeting", "created_at"]
        constraints = [
            models.UniqueConstraint(fields=["document_id"], name="meetings_document_unique")
        ]

    def __str__(self) -> str:
        return self.trich_yeu


class FeedToken(models.Model):
    """The secret of an official's personal iCalendar feed. Only its SHA-256 is stored; a new
    one replaces the old (the old address stops working)."""

    official = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("cán bộ"),
        on_delete=models.CASCADE,
        related_name="meeting_feed",
    )
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(default=clock.now)

    class Meta:
        verbose_name = _("địa chỉ lịch họp riêng")
        verbose_name_plural = _("địa chỉ lịch họp riêng")

    def __str__(self) -> str:
        return str(self.official)


class ScheduleState(models.TextChoices):
    DRAFT = "draft", _("Đang xây dựng")
    APPROVED = "approved", _("Đã duyệt")
    PUBLISHED = "published", _("Đã công bố")


class ScheduleWeek(models.Model):
    """The weekly work schedule of the leaders of an agency (lịch công tác tuần)."""

    agency = models.ForeignKey(
        "org.Agency", verbose_name=_("cơ quan"), on_delete=models.PROTECT, related_name="+"
    )
    week_start = models.DateField(_("tuần bắt đầu (thứ Hai)"))
    state = models.CharField(
        _("trạng thái"), max_length=10, choices=ScheduleState.choices, default=ScheduleState.DRAFT
    )
    note = NFCTextField(_("ghi chú"), blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    approved_at = models.DateTimeField(_("duyệt lúc"), null=True, blank=True)
    published_at = models.DateTimeField(_("công bố lúc"), null=True, blank=True)

    class Meta:
        verbose_name = _("lịch công tác tuần")
        verbose_name_plural = _("lịch công tác tuần")
        ordering = ["agency", "-week_start"]
        constraints = [
            models.UniqueConstraint(fields=["agency", "week_start"], name="meetings_week_unique")
        ]

    def __str__(self) -> str:
        return f"{self.agency} — {self.week_start:%d/%m/%Y}"


class ScheduleEntry(models.Model):
    """One line of the weekly schedule: a meeting or another activity of a leader."""

    week = models.ForeignKey(
        ScheduleWeek, verbose_name=_("lịch tuần"), on_delete=models.CASCADE, related_name="entries"
    )
    leader = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("lãnh đạo"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    starts_at = models.DateTimeField(_("bắt đầu"))
    ends_at = models.DateTimeField(_("kết thúc"), null=True, blank=True)
    content = NFCTextField(_("nội dung công việc"))
    location = NFCCharField(_("địa điểm"), max_length=255, blank=True)
    attendees = NFCCharField(_("thành phần"), max_length=500, blank=True)
    meeting = models.ForeignKey(
        Meeting,
        verbose_name=_("cuộc họp"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="schedule_entries",
    )
    is_public = models.BooleanField(_("công khai"), default=True)
    cancelled = models.BooleanField(_("đã hủy"), default=False)
    changed_after_publish = models.BooleanField(_("thay đổi sau khi công bố"), default=False)
    changed_at = models.DateTimeField(_("thay đổi lúc"), null=True, blank=True)
    change_note = NFCCharField(_("nội dung thay đổi"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("mục lịch công tác")
        verbose_name_plural = _("mục lịch công tác")
        ordering = ["week", "starts_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["week", "leader", "meeting"],
                condition=Q(meeting__isnull=False),
                name="meetings_entry_meeting_unique",
            )
        ]

    def __str__(self) -> str:
        return self.content[:80]
