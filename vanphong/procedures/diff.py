"""What changed between two version snapshots (see ``services.snapshot``), for the staff
versions tab: field by field, then fees, components and steps added or removed."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from vanphong.org.models import Role
from vanphong.procedures.models import Level, OnlineLevel, SupplementClock
from vanphong.procedures.services import SNAPSHOT_DEFAULTS

FIELD_LABELS = {
    "name": gettext_lazy("Tên thủ tục"),
    "field": gettext_lazy("Lĩnh vực"),
    "level": gettext_lazy("Cấp thực hiện"),
    "competent_agency_name": gettext_lazy("Cơ quan có thẩm quyền"),
    "implementing_agency_name": gettext_lazy("Cơ quan thực hiện"),
    "applicants": gettext_lazy("Đối tượng thực hiện"),
    "submission_place": gettext_lazy("Nơi nộp hồ sơ"),
    "time_limit_days": gettext_lazy("Thời hạn giải quyết (ngày làm việc)"),
    "same_day": gettext_lazy("Giải quyết trong ngày"),
    "cutoff_time": gettext_lazy("Giờ tiếp nhận cuối ngày"),
    "result": gettext_lazy("Kết quả thực hiện"),
    "legal_basis": gettext_lazy("Căn cứ pháp lý"),
    "online_level": gettext_lazy("Mức dịch vụ công trực tuyến"),
    "five_on_the_spot": gettext_lazy("5 tại chỗ"),
    "max_supplement_requests": gettext_lazy("Số lần yêu cầu bổ sung hồ sơ tối đa"),
    "supplement_clock": gettext_lazy("Thời hạn sau khi bổ sung hồ sơ"),
    "internal_note": gettext_lazy("Ghi chú nội bộ"),
}


@dataclass
class Change:
    label: str
    before: str
    after: str


@dataclass
class Diff:
    fields: list[Change] = field(default_factory=list)
    added: list[tuple[str, str]] = field(default_factory=list)  # (section, item)
    removed: list[tuple[str, str]] = field(default_factory=list)
    reordered: list[str] = field(default_factory=list)  # sections whose order changed

    def __bool__(self) -> bool:
        return bool(self.fields or self.added or self.removed or self.reordered)


def _value(key: str, value) -> str:
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return _("Có") if value else _("Không")
    if key == "field":
        return f"{value.get('name', '')} ({value.get('code', '')})"
    if key == "level":
        return str(dict(Level.choices).get(value, value))
    if key == "online_level":
        return str(dict(OnlineLevel.choices).get(value, value))
    if key == "supplement_clock":
        return str(dict(SupplementClock.choices).get(value, value))
    if key == "time_limit_days":
        return _num(value)
    if key == "legal_basis":
        return "; ".join(value) or "—"
    return str(value)


def _num(value) -> str:
    """``16.0`` → ``16``, ``0.5`` → ``0,5`` (Vietnamese decimal comma)."""
    try:
        return f"{Decimal(str(value)).normalize():f}".replace(".", ",")
    except InvalidOperation:
        return str(value)


def _fee(f: dict) -> str:
    amount = f"{int(f['amount']):,}".replace(",", ".")
    text = _("%(name)s: %(amount)s đồng") % {"name": f["name"], "amount": amount}
    return f"{text} ({f['note']})" if f.get("note") else text


def _component(c: dict) -> str:
    text = _("%(name)s — %(o)s bản chính, %(c)s bản sao") % {
        "name": c["name"],
        "o": c["originals"],
        "c": c["copies"],
    }
    if not c.get("mandatory", True):
        text += " — " + _("không bắt buộc")
    if c.get("template_id"):
        text += " — " + _("có mẫu đơn, tờ khai")
    return text


def _step(s: dict) -> str:
    role = dict(Role.choices).get(s.get("role") or "", "")
    unit = s["unit_name"] + (f" ({role})" if role else "")
    return _("%(unit)s: %(desc)s — %(h)s giờ") % {
        "unit": unit,
        "desc": s["description"],
        "h": _num(s["budget_hours"]),
    }


SECTIONS = (
    ("fees", gettext_lazy("Phí, lệ phí"), _fee, ()),
    ("components", gettext_lazy("Thành phần hồ sơ"), _component, ()),
    ("steps", gettext_lazy("Bước xử lý"), _step, ("order",)),
)


def _norm(items: list[dict], ignore: tuple[str, ...]) -> list[tuple]:
    return [tuple(sorted((k, str(v)) for k, v in it.items() if k not in ignore)) for it in items]


def snapshot_diff(old: dict | None, new: dict) -> Diff:
    """The changes from ``old`` to ``new`` (``old`` None: nothing to compare, empty diff)."""
    diff = Diff()
    if old is None:
        return diff
    for key, label in FIELD_LABELS.items():
        before = old.get(key, SNAPSHOT_DEFAULTS.get(key))
        after = new.get(key, SNAPSHOT_DEFAULTS.get(key))
        if before != after:
            diff.fields.append(Change(str(label), _value(key, before), _value(key, after)))
    for key, label, render, ignore in SECTIONS:
        before, after = _norm(old.get(key, []), ignore), _norm(new.get(key, []), ignore)
        lost = Counter(before) - Counter(after)
        gained = Counter(after) - Counter(before)
        for item, raw in zip(before, old.get(key, []), strict=True):
            if lost[item] > 0:
                lost[item] -= 1
                diff.removed.append((str(label), render(raw)))
        for item, raw in zip(after, new.get(key, []), strict=True):
            if gained[item] > 0:
                gained[item] -= 1
                diff.added.append((str(label), render(raw)))
        common_before = [x for x in before if x in set(after)]
        common_after = [x for x in after if x in set(before)]
        if common_before != common_after:
            diff.reordered.append(str(label))
    return diff


def version_history(versions) -> list[tuple[object, Diff]]:
    """``versions`` (oldest first) each with what changed since the one before it."""
    out = []
    previous = None
    for v in versions:
        out.append((v, snapshot_diff(previous, v.snapshot)))
        previous = v.snapshot
    return out
