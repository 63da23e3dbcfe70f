from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.db import transaction
from django.forms.models import construct_instance

from vanphong.core.refdata.models import RulePin, RuleVersion
from vanphong.core.refdata.services import (
    EDITABLE_FIELDS,
    rule_version_create,
    rule_version_update,
)


class _DryRun(Exception):
    pass


class RuleVersionForm(forms.ModelForm):
    class Meta:
        model = RuleVersion
        fields = ["key", "value", "unit", "legal_basis", "valid_from", "valid_to", "note"]

    def _post_clean(self):
        if self.instance.pk is not None:
            return super()._post_clean()
        # A new version: validate exactly as the service will save it (closing the previous
        # open version first), in a savepoint that is rolled back.
        self.instance = construct_instance(self, self.instance, self._meta.fields)
        if self.errors:
            return
        data = {name: self.cleaned_data.get(name) for name in EDITABLE_FIELDS}
        try:
            with transaction.atomic():
                rule_version_create(acting_user=None, key=self.cleaned_data.get("key"), **data)
                raise _DryRun
        except _DryRun:
            pass
        except ValidationError as exc:
            self._update_errors(exc)


@admin.register(RuleVersion)
class RuleVersionAdmin(admin.ModelAdmin):
    """Administrators add and correct rule versions; saving goes through the services, which
    close the previous version and write the event log."""

    form = RuleVersionForm
    list_display = ["key", "value", "unit", "valid_from", "valid_to", "legal_basis"]
    list_filter = ["key", "unit"]
    search_fields = ["key", "legal_basis", "note"]
    date_hierarchy = "valid_from"

    def get_readonly_fields(self, request, obj=None):
        return ["key", "created_at", "updated_at"] if obj is not None else []

    def save_model(self, request, obj, form, change):
        data = {name: form.cleaned_data[name] for name in EDITABLE_FIELDS}
        if change:
            rule_version_update(acting_user=request.user, version=obj, **data)
        else:
            saved = rule_version_create(
                acting_user=request.user, key=form.cleaned_data["key"], **data
            )
            obj.pk = saved.pk

    def has_delete_permission(self, request, obj=None):
        # A version cases may be bound to is never deleted; close it with an end date.
        return False


@admin.register(RulePin)
class RulePinAdmin(admin.ModelAdmin):
    list_display = ["case_type", "case_id", "key", "version", "pinned_at"]
    list_filter = ["key"]
    search_fields = ["key", "case_id"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
