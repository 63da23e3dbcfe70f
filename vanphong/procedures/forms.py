"""The staff form of one procedure: hand-written rows (fees, components, steps added, removed
and reordered in the page with HTMX), read here into a :class:`services.ProcedureInput`.

Rows are parallel lists of inputs with the same name (``step_hours`` …) read in page order; a
component's new template file is ``comp_file_<key>`` where ``comp_key`` is the row's key.
Blank rows are ignored. What cannot be parsed is reported with the same field keys as
``services.validate_input`` (``fees``, ``components``, ``steps``, ``valid_from`` …).
"""

from __future__ import annotations

import datetime as dt
import re
import secrets
from dataclasses import dataclass, field

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from vanphong.core import clock
from vanphong.core.widgets import DateField
from vanphong.org.models import Agency, Unit
from vanphong.procedures.models import DEFAULT_CUTOFF, Field, Procedure
from vanphong.procedures.services import ComponentInput, FeeInput, ProcedureInput, StepInput

TIME_RE = re.compile(r"^([01]?\d|2[0-3])[:hH.]([0-5]\d)$")


class ValidFromForm(forms.Form):
    valid_from = DateField(label=gettext_lazy("Áp dụng từ ngày"), required=False, min_today=True)


def new_key() -> str:
    return secrets.token_hex(4)


@dataclass
class FormState:
    """What the form shows (raw values) and what was read from it."""

    values: dict
    fees: list[dict]
    components: list[dict]
    steps: list[dict]
    errors: dict[str, list[str]] = field(default_factory=dict)
    data: ProcedureInput | None = None
    templates: dict = field(default_factory=dict)
    valid_from: dt.datetime | None = None
    publish: bool = False
    date_form: ValidFromForm | None = None

    def add_error(self, name: str, message: str) -> None:
        self.errors.setdefault(name, []).append(str(message))


# --- from a procedure -----------------------------------------------------------------------


def initial_state(procedure: Procedure | None) -> FormState:
    date_form = ValidFromForm(initial={"valid_from": clock.today()})
    if procedure is None:
        return FormState(
            values={
                "cutoff_time": DEFAULT_CUTOFF.strftime("%H:%M"),
                "level": "cap_xa",
                "max_supplement_requests": "1",
                "supplement_clock": "resume",
            },
            fees=[],
            components=[],
            steps=[],
            date_form=date_form,
        )
    p = procedure
    values = {
        "code": p.code,
        "name": p.name,
        "field_code": p.field.code,
        "level": p.level,
        "competent_agency": p.competent_agency_id or "",
        "competent_agency_name": p.competent_agency_name,
        "implementing_agency": p.implementing_agency_id or "",
        "implementing_agency_name": p.implementing_agency_name,
        "applicants": p.applicants,
        "submission_place": p.submission_place,
        "time_limit_days": f"{p.time_limit_days.normalize():f}".replace(".", ","),
        "same_day": p.same_day,
        "cutoff_time": p.cutoff_time.strftime("%H:%M"),
        "result": p.result,
        "legal_basis": "\n".join(p.legal_basis),
        "online_level": p.online_level,
        "five_on_the_spot": p.five_on_the_spot,
        "max_supplement_requests": str(p.max_supplement_requests),
        "supplement_clock": p.supplement_clock,
        "internal_note": p.internal_note,
    }
    fees = [
        {"name": f.name, "amount": f"{f.amount:,}".replace(",", "."), "note": f.note}
        for f in p.fees.all()
    ]
    components = [
        {
            "key": new_key(),
            "name": c.name,
            "originals": str(c.originals),
            "copies": str(c.copies),
            "mandatory": c.mandatory,
            "note": c.note,
            "template": c.template_id or "",
            "template_name": c.template.original_name if c.template_id else "",
        }
        for c in p.components.select_related("template")
    ]
    steps = [
        {
            "unit": s.unit_id or "",
            "unit_name": s.unit_name,
            "role": s.role,
            "description": s.description,
            "hours": f"{s.budget_hours.normalize():f}".replace(".", ","),
        }
        for s in p.steps.all()
    ]
    return FormState(values, fees, components, steps, date_form=date_form)


# --- from a request -------------------------------------------------------------------------


def _rows(post, names: tuple[str, ...]) -> list[dict]:
    columns = {n: post.getlist(n) for n in names}
    count = max((len(v) for v in columns.values()), default=0)
    return [
        {n.split("_", 1)[1]: (columns[n][i] if i < len(columns[n]) else "") for n in names}
        for i in range(count)
    ]


def _blank(row: dict, keys: tuple[str, ...]) -> bool:
    return not any(str(row.get(k, "")).strip() for k in keys)


def _int(value: str) -> int:
    """A count or an amount in đồng (``10.000``, ``10 000`` accepted); -1 when not a number."""
    text = re.sub(r"[\s.,]|đồng|đ$", "", (value or "").strip().lower())
    return int(text) if text.isdigit() and len(text) < 16 else -1


def _pk(value) -> int | None:
    value = str(value or "").strip()
    return int(value) if value.isdigit() and len(value) < 12 else None


def parse(post, files, procedure: Procedure | None) -> FormState:
    """Read the submitted form (``procedure`` None: a new one)."""
    keys = (
        "code", "name", "field_code", "new_field_code", "new_field_name", "level",
        "competent_agency", "competent_agency_name", "implementing_agency",
        "implementing_agency_name", "applicants", "submission_place", "time_limit_days",
        "cutoff_time", "result", "legal_basis", "online_level", "internal_note",
        "max_supplement_requests", "supplement_clock",
    )  # fmt: skip
    values = {k: post.get(k, "") for k in keys}
    for flag in ("same_day", "five_on_the_spot"):
        values[flag] = post.get(flag) in ("1", "on", "true")
    if procedure is not None:
        values["code"] = procedure.code
    fees = _rows(post, ("fee_name", "fee_amount", "fee_note"))
    components = _rows(
        post,
        ("comp_key", "comp_name", "comp_originals", "comp_copies", "comp_mandatory",
         "comp_note", "comp_template"),
    )  # fmt: skip
    steps = _rows(
        post, ("step_unit", "step_unit_name", "step_role", "step_description", "step_hours")
    )
    state = FormState(values, fees, components, steps, publish=post.get("publish") == "1")
    state.date_form = ValidFromForm(post)

    # field (lĩnh vực): an existing one, or a new code and name
    new_code, new_name = values["new_field_code"].strip(), values["new_field_name"].strip()
    if new_code or new_name:
        field_code, field_name = new_code, new_name
    else:
        existing = Field.objects.filter(code=values["field_code"]).first()
        field_code, field_name = (existing.code, existing.name) if existing else ("", "")

    def agency(name: str) -> Agency | None:
        pk = _pk(values[name])
        agency = Agency.objects.filter(pk=pk).first() if pk else None
        if pk and agency is None:
            state.add_error(name, _("Cơ quan không có trên hệ thống."))
        return agency

    competent, implementing = agency("competent_agency"), agency("implementing_agency")

    cutoff_text = values["cutoff_time"].strip()
    m = TIME_RE.match(cutoff_text) if cutoff_text else None
    if cutoff_text and not m:
        state.add_error("cutoff_time", _("Giờ tiếp nhận cuối ngày nhập theo dạng 15:00."))
    cutoff = dt.time(int(m[1]), int(m[2])) if m else DEFAULT_CUTOFF

    fee_inputs = [
        FeeInput(f["name"], _int(f["amount"]) if f["amount"].strip() else 0, f["note"])
        for f in fees
        if not _blank(f, ("name", "amount", "note"))
    ]
    for i, f in enumerate(fee_inputs, start=1):
        if f.amount < 0:
            state.add_error("fees", _("Phí, lệ phí %(n)s: mức thu phải là số đồng.") % {"n": i})
            f.amount = 0

    allowed_templates = (
        set(
            procedure.components.filter(template__isnull=False).values_list(
                "template_id", flat=True
            )
        )
        if procedure is not None
        else set()
    )
    comp_inputs: list[ComponentInput] = []
    for c in components:
        upload = files.get(f"comp_file_{c['key']}") if c["key"] else None
        if _blank(c, ("name", "note")) and upload is None:
            continue
        template = _pk(c["template"])
        if template is not None and template not in allowed_templates:
            template = None  # only a template this procedure already has can be kept
        c["template"] = template or ""
        comp_inputs.append(
            ComponentInput(
                c["name"],
                _int(c["originals"]),
                _int(c["copies"]),
                c["mandatory"] != "0",
                c["note"],
                template,
            )
        )
        if upload is not None:
            state.templates[len(comp_inputs) - 1] = upload

    unit_ids = [_pk(s["unit"]) for s in steps if _pk(s["unit"])]
    units = {u.pk: u for u in Unit.objects.select_related("agency").filter(pk__in=unit_ids)}
    step_inputs = []
    for s in steps:
        if _blank(s, ("unit", "unit_name", "description", "hours")):
            continue
        unit = units.get(_pk(s["unit"]) or 0)
        hours = s["hours"].strip().replace(",", ".") or "0"
        step_inputs.append(StepInput(s["description"], hours, s["unit_name"], unit, s["role"]))

    state.data = ProcedureInput(
        code=values["code"],
        name=values["name"],
        field_code=field_code,
        field_name=field_name,
        level=values["level"],
        competent_agency_name=values["competent_agency_name"],
        competent_agency=competent,
        implementing_agency_name=values["implementing_agency_name"],
        implementing_agency=implementing,
        applicants=values["applicants"],
        submission_place=values["submission_place"],
        time_limit_days=values["time_limit_days"].strip().replace(",", ".") or "0",
        same_day=values["same_day"],
        cutoff_time=cutoff,
        result=values["result"],
        legal_basis=[line for line in values["legal_basis"].splitlines() if line.strip()],
        online_level=values["online_level"],
        five_on_the_spot=values["five_on_the_spot"],
        max_supplement_requests=_int(values["max_supplement_requests"] or "1"),
        supplement_clock=values["supplement_clock"] or "resume",
        internal_note=values["internal_note"],
        fees=fee_inputs,
        components=comp_inputs,
        steps=step_inputs,
    )

    if state.date_form.is_valid():
        day = state.date_form.cleaned_data["valid_from"]
        today = clock.today()
        if day is not None and day < today:
            state.add_error("valid_from", _("Ngày áp dụng không được trước hôm nay."))
        elif day is not None and day > today:
            state.valid_from = clock.local(dt.datetime.combine(day, dt.time.min))
    else:
        for message in state.date_form.errors.get("valid_from", []):
            state.add_error("valid_from", message)
    return state


def choices(state: FormState, procedure: Procedure | None) -> dict:
    """Select options for the form: fields, agencies, units of the chosen agencies."""
    agency_ids = {
        pk
        for pk in (
            _pk(state.values.get("competent_agency")),
            _pk(state.values.get("implementing_agency")),
        )
        if pk
    }
    unit_ids = {pk for s in state.steps if (pk := _pk(s.get("unit")))}
    return {
        "fields": Field.objects.order_by("name"),
        "agencies": Agency.objects.order_by("name").only("pk", "name"),
        "units": unit_options(agency_ids, unit_ids),
    }


def unit_options(agency_ids, unit_ids=()) -> list[Unit]:
    from django.db.models import Q

    return list(
        Unit.objects.select_related("agency")
        .filter(Q(agency_id__in=agency_ids, is_active=True) | Q(pk__in=unit_ids))
        .order_by("agency__name", "order", "name")
    )
