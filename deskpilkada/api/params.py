"""Query parameters shared by the API views, validated into clear 400 answers."""

from __future__ import annotations

import datetime as dt
import re

from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter
from rest_framework.exceptions import ValidationError

# Kemendagri codes are dotted paths of digits: "13", "13.75", "13.75.01", "13.75.01.1001".
REGION_CODE_REGEX = r"[0-9.]+"
_REGION_CODE = re.compile(r"^\d{2}(\.\d{2}(\.\d{2}(\.\d{4})?)?)?$")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")

REGION_PARAMETER = OpenApiParameter(
    "region",
    OpenApiTypes.STR,
    description="Kemendagri code of a region (e.g. 13.75): only rows in that region and below.",
)
DATE_PARAMETER = OpenApiParameter(
    "date",
    OpenApiTypes.DATE,
    description="Any day (YYYY-MM-DD) instead of today (the desk clock's date in WIB).",
)


def region_code(request, name: str = "region") -> str | None:
    """The region code given in a query parameter, or None; a malformed code is a 400."""
    value = request.query_params.get(name)
    if value is None or value == "":
        return None
    value = value.strip()
    if not _REGION_CODE.match(value):
        raise ValidationError({name: [_("Enter a Kemendagri region code such as 13 or 13.75 or 13.75.01.1001.")]})
    return value


def date(request, name: str = "date") -> dt.date | None:
    """The date given in a query parameter, or None; anything but YYYY-MM-DD is a 400."""
    value = request.query_params.get(name)
    if value is None or value == "":
        return None
    try:
        if not _DATE.match(value.strip()):
            raise ValueError(value)
        return dt.date.fromisoformat(value.strip())
    except ValueError:
        raise ValidationError(
            {name: [_("Enter a date as YYYY-MM-DD, for example 2024-11-27.")]},
        ) from None
