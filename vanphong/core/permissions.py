"""The permissions kernel: ONE visibility rule per case kind, as a queryset filter.

A module declares who sees what once, as a filter over a queryset of its model::

    from vanphong.core import permissions

    @permissions.visibility("documents.incoming", model="documents.IncomingDocument",
                            perm="documents.view_incoming")
    def incoming_visible(user, qs):
        return qs.filter(agency__in=agencies_of(user))

Everything else derives from that filter, so lists, search, the API and exports cannot disagree:

* ``permissions.visible(user, kind, qs=None)`` — the rows ``user`` may see (lists, search, API,
  exports); ``qs`` defaults to all rows of the kind's model;
* ``permissions.can_view(user, kind, obj)`` — one object, the same filter restricted to its pk;
* a ``rules`` permission (``perm``) whose predicate is ``can_view``, so
  ``user.has_perm("documents.view_incoming", obj)`` agrees with the filter. Without ``obj`` the
  permission answers whether the user may see the kind at all (signed in and active).

Anonymous and inactive users see nothing: the filter is not even called for them. Note that
Django's ``has_perm`` answers True for every active superuser before asking any backend; where a
kind hides rows even from superusers, ask ``can_view``/``visible`` (the kernel) instead.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import rules
from django.apps import apps
from django.db.models import Model, QuerySet

VisibilityFilter = Callable[[object, QuerySet], QuerySet]


@dataclass(frozen=True)
class Visibility:
    kind: str
    filter: VisibilityFilter
    model: str | None = None  # "app_label.ModelName"
    perm: str | None = None

    def queryset(self) -> QuerySet:
        if self.model is None:
            raise LookupError(f"visibility {self.kind!r} has no model: pass a queryset")
        return apps.get_model(self.model)._default_manager.all()


REGISTRY: dict[str, Visibility] = {}


def is_active_user(user) -> bool:
    return bool(
        user is not None
        and getattr(user, "is_authenticated", False)
        and getattr(user, "is_active", False)
    )


def visibility(
    kind: str, *, model: str | type[Model] | None = None, perm: str | None = None
) -> Callable[[VisibilityFilter], VisibilityFilter]:
    """Register ``func(user, qs) -> qs`` as the visibility rule of ``kind``.

    ``model`` (a model class or "app_label.Model") lets ``visible`` work without a queryset;
    ``perm`` also registers a ``rules`` permission derived from the filter.
    """
    if model is not None and not isinstance(model, str):
        model = model._meta.label

    def decorator(func: VisibilityFilter) -> VisibilityFilter:
        existing = REGISTRY.get(kind)
        if existing is not None and (
            existing.filter.__qualname__ != func.__qualname__
            or existing.filter.__module__ != func.__module__
        ):
            raise ValueError(f"visibility rule {kind!r} registered twice")
        REGISTRY[kind] = Visibility(kind=kind, filter=func, model=model, perm=perm)
        if perm is not None:
            rules.set_perm(perm, predicate_for(kind))
        return func

    return decorator


def get(kind: str) -> Visibility:
    try:
        return REGISTRY[kind]
    except KeyError:
        raise LookupError(f"no visibility rule registered for {kind!r}") from None


def visible(user, kind: str, qs: QuerySet | None = None) -> QuerySet:
    """The rows of ``qs`` (default: every row of the kind's model) that ``user`` may see."""
    rule = get(kind)
    if qs is None:
        qs = rule.queryset()
    if not is_active_user(user):
        return qs.none()
    return rule.filter(user, qs)


def can_view(user, kind: str, obj: Model) -> bool:
    """May ``user`` see ``obj``? Exactly ``visible(user, kind, <obj's pk>).exists()``."""
    if obj is None or obj.pk is None or not is_active_user(user):
        return False
    rule = get(kind)
    qs = type(obj)._default_manager.filter(pk=obj.pk) if rule.model is None else None
    if qs is None:
        qs = rule.queryset().filter(pk=obj.pk)
    return visible(user, kind, qs).exists()


def predicate_for(kind: str) -> rules.Predicate:
    """A ``rules`` predicate derived from the visibility filter of ``kind``."""

    def check(user, obj=None) -> bool:
        if obj is None:
            return is_active_user(user)
        return can_view(user, kind, obj)

    return rules.Predicate(check, name=f"visible:{kind}")
