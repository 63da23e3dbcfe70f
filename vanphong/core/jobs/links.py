"""URL of a job page, wherever the job URLs are mounted."""

from django.urls import NoReverseMatch, reverse

NAMESPACES = ("jobs",)


def url_for(name: str, *args) -> str:
    for namespace in NAMESPACES:
        try:
            return reverse(f"{namespace}:{name}", args=args)
        except NoReverseMatch:
            continue
    raise NoReverseMatch(f"jobs:{name} is not mounted")
