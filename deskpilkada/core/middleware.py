"""Indonesian first: pages are in Indonesian unless the user picked English with the language switch.

Django's LocaleMiddleware would follow the browser's Accept-Language, so a phone set to English would get
English pages. For pages we drop that header, leaving the language cookie (set by /i18n/setlang/) and the
default; API clients still choose their language with Accept-Language.
"""


class IndonesianFirstMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not request.path_info.startswith("/api/"):
            request.META.pop("HTTP_ACCEPT_LANGUAGE", None)
        return self.get_response(request)
