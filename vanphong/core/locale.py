"""Vietnamese first: the interface language is Vietnamese unless the user chose another one
with the language switch (Django's ``set_language``, kept in the language cookie). The browser's
Accept-Language is deliberately ignored: an official whose browser is set to English still
gets the Vietnamese interface until they switch."""

from __future__ import annotations

from django.conf import settings
from django.middleware.locale import LocaleMiddleware
from django.utils import translation


def language_for(request) -> str:
    chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
    supported = {code for code, _name in settings.LANGUAGES}
    if chosen in supported:
        return chosen
    return settings.LANGUAGE_CODE


class VietnameseFirstLocaleMiddleware(LocaleMiddleware):
    def process_request(self, request):
        translation.activate(language_for(request))
        request.LANGUAGE_CODE = translation.get_language()
