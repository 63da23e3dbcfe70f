"""The shell: what every signed-in page shows around its content (agency, user, roles, menu)."""

from __future__ import annotations

from vanphong.core import navigation


def user_roles(user) -> list[str]:
    """The user's effective roles in their agency (delegation included when org provides it)."""
    if not getattr(user, "is_authenticated", False):
        return []
    try:
        from vanphong.org.selectors import effective_roles
    except ImportError:  # org selectors not there yet: the user's own grants
        effective_roles = None
    if effective_roles is not None:
        roles = effective_roles(user, user.agency)
    else:
        grants = user.role_grants.all()
        if user.agency_id:
            grants = grants.filter(agency_id=user.agency_id)
        roles = grants.values_list("role", flat=True)
    return sorted({str(r) for r in roles})


def role_labels(roles) -> list[str]:
    from vanphong.org.models import Role

    labels = dict(Role.choices)
    order = {value: i for i, value in enumerate(labels)}
    return [str(labels[r]) for r in sorted(roles, key=lambda r: order.get(r, 99)) if r in labels]


def shell(request) -> dict:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"shell": {"menu": [], "menu_groups": [], "roles": [], "agency": None}}
    cached = getattr(request, "_vanphong_shell", None)
    if cached is not None:
        return {"shell": cached}
    roles = user_roles(user)
    data = {
        "agency": user.agency,
        "roles": role_labels(roles),
        "role_codes": roles,
        "menu": navigation.menu_for(
            roles, is_staff=user.is_staff or user.is_superuser, current_path=request.path
        ),
    }
    data["menu_groups"] = navigation.grouped(data["menu"])
    request._vanphong_shell = data
    return {"shell": data}
