"""The permissions kernel: one visibility filter per kind; the rules predicate derives from it."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser

from vanphong.core import permissions
from vanphong.org.models import Agency, Official, Role, Unit
from vanphong.org.testing import make_agency, make_official, make_unit

pytestmark = pytest.mark.django_db


@pytest.fixture
def platform():
    a, b = make_agency(), make_agency()
    units = [make_unit(a), make_unit(a), make_unit(b)]
    alice = make_official(a, unit=units[0])
    bob = make_official(b, roles=(Role.QUAN_TRI,))  # administrator of agency b only
    root = make_official(a, is_superuser=True)
    return a, b, units, alice, bob, root


def test_officials_see_their_agencys_units_platform_admins_all(platform):
    a, b, units, alice, bob, root = platform
    assert set(permissions.visible(alice, "org.unit")) == {units[0], units[1]}
    assert set(permissions.visible(bob, "org.unit")) == {units[2]}
    assert set(permissions.visible(root, "org.unit")) == set(Unit.objects.all())
    # the caller's queryset is narrowed, never widened
    assert set(permissions.visible(alice, "org.unit", Unit.objects.filter(agency=b))) == set()
    assert permissions.can_view(alice, "org.unit", units[1])
    assert not permissions.can_view(alice, "org.unit", units[2])


def test_anonymous_and_inactive_see_nothing(platform):
    a, b, units, alice, bob, root = platform
    assert not permissions.visible(AnonymousUser(), "org.unit").exists()
    assert not permissions.visible(None, "org.unit").exists()
    assert not AnonymousUser().has_perm("org.see_unit", units[0])
    for user in (alice, root):
        user.is_active = False
        user.save()
        assert not permissions.visible(user, "org.unit").exists()
        assert not permissions.can_view(user, "org.unit", units[0])
        assert not user.has_perm("org.see_unit", units[0])
        assert not user.has_perm("org.see_unit")


@pytest.mark.parametrize(
    ("kind", "perm", "model"),
    [
        ("org.agency", "org.see_agency", Agency),
        ("org.unit", "org.see_unit", Unit),
        ("org.official", "org.see_official", Official),
    ],
)
def test_rules_predicate_agrees_with_the_filter_on_every_row(platform, kind, perm, model):
    a, b, units, alice, bob, root = platform
    make_agency(is_active=False)  # seen by platform administrators only
    inactive = make_official(a)
    inactive.is_active = False
    inactive.save()
    users = [alice, bob, root, inactive, AnonymousUser()]
    rows = list(model.objects.all())
    assert rows
    for user in users:
        visible_pks = set(
            permissions.visible(user, kind, model.objects.all()).values_list("pk", flat=True)
        )
        for row in rows:
            by_rule = user.has_perm(perm, row)
            by_kernel = permissions.can_view(user, kind, row)
            assert by_rule == by_kernel == (row.pk in visible_pks), (user, row)
    # and the sets differ between users, so the check is not vacuous
    alice_pks = set(permissions.visible(alice, kind).values_list("pk", flat=True))
    bob_pks = set(permissions.visible(bob, kind).values_list("pk", flat=True))
    root_pks = set(permissions.visible(root, kind).values_list("pk", flat=True))
    assert alice_pks and bob_pks and (alice_pks != bob_pks or alice_pks != root_pks)


def test_perm_without_object_means_signed_in_and_active(platform):
    a, b, units, alice, bob, root = platform
    assert alice.has_perm("org.see_unit")
    assert not AnonymousUser().has_perm("org.see_unit")


def test_registry_refuses_a_second_rule_for_a_kind_and_unknown_kinds():
    with pytest.raises(ValueError):

        @permissions.visibility("org.unit")
        def another(user, qs):  # pragma: no cover - never called
            return qs

    with pytest.raises(LookupError):
        permissions.visible(None, "nothing.here")


def test_kind_registered_without_model_needs_a_queryset(platform):
    a, b, units, alice, bob, root = platform

    @permissions.visibility("tests.units_by_name", perm="tests.see_unit_by_name")
    def by_name(user, qs):
        return qs.filter(agency=user.agency)

    try:
        with pytest.raises(LookupError):
            permissions.visible(alice, "tests.units_by_name")
        assert set(permissions.visible(alice, "tests.units_by_name", Unit.objects.all())) == {
            units[0],
            units[1],
        }
        assert alice.has_perm("tests.see_unit_by_name", units[0])
        assert not alice.has_perm("tests.see_unit_by_name", units[2])
    finally:
        permissions.REGISTRY.pop("tests.units_by_name", None)
        import rules

        rules.remove_perm("tests.see_unit_by_name")
