"""API errors: an object outside the user's scope and one that does not exist answer the same 404."""

from django.http import Http404
from rest_framework import exceptions
from rest_framework.views import exception_handler as drf_exception_handler


def exception_handler(exc, context):
    """Like DRF's, but a 404 never names what was looked up, and reads in the client's language."""
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    return drf_exception_handler(exc, context)
