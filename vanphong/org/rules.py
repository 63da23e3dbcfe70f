"""Visibility rules of the org kinds (loaded by ``rules`` autodiscovery at start-up).

* ``org.agency`` — every active official sees the active agencies of the platform (they address
  documents to them); platform administrators also see inactive ones.
* ``org.unit`` — officials see the units of the agencies they work in; platform administrators
  see every unit.
* ``org.official`` — officials see the officials of the agencies they work in; platform
  administrators see everyone.
"""

from __future__ import annotations

from vanphong.core import permissions
from vanphong.org import selectors


@permissions.visibility("org.agency", model="org.Agency", perm="org.see_agency")
def agency_visible(user, qs):
    if selectors.is_platform_admin(user):
        return qs
    return qs.filter(is_active=True)


@permissions.visibility("org.unit", model="org.Unit", perm="org.see_unit")
def unit_visible(user, qs):
    if selectors.is_platform_admin(user):
        return qs
    return qs.filter(agency__in=selectors.agencies_of(user))


@permissions.visibility("org.official", model="org.Official", perm="org.see_official")
def official_visible(user, qs):
    if selectors.is_platform_admin(user):
        return qs
    return qs.filter(agency__in=selectors.agencies_of(user))
