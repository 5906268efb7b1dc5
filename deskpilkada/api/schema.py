"""The OpenAPI document and its Swagger UI page.

Both are readable without signing in, on purpose: the document describes the endpoints and the shape of
their answers, never data (it is generated for every user alike, SERVE_PUBLIC), and it is the same text
anyone can produce from the open-source code. Integrators at partner institutions need it before they
hold a token, and the token endpoint itself is described there. Swagger UI's files come from the
drf-spectacular-sidecar package and are served by the app (no CDN); the split view serves its start-up
script as a separate file, so the page carries no inline JavaScript.
"""

from drf_spectacular.extensions import OpenApiSerializerFieldExtension
from drf_spectacular.plumbing import ResolvedComponent
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework import serializers
from rest_framework.permissions import AllowAny


class SchemaView(SpectacularAPIView):
    permission_classes = [AllowAny]


class DocsView(SpectacularSwaggerSplitView):
    permission_classes = [AllowAny]
    url_name = "api:schema"


class NamedEnumField(serializers.ChoiceField):
    """A read-only choice field documented as its own named enum (``RegionKindEnum``, ``ContestKindEnum``).

    Regions and contests both have a ``kind`` with different choices; drf-spectacular would otherwise name
    the two enums after a hash of their values.
    """

    def __init__(self, choices, *, enum_name: str, **kwargs):
        self.enum_name = enum_name
        kwargs.setdefault("read_only", True)
        super().__init__(choices, **kwargs)


class NamedEnumFieldExtension(OpenApiSerializerFieldExtension):
    target_class = NamedEnumField

    def map_serializer_field(self, auto_schema, direction):
        field = self.target
        values = list(field.choices)
        schema = {
            "type": "integer" if all(isinstance(v, int) for v in values) else "string",
            "enum": values,
            "description": "\n".join(f"* `{value}` - {label}" for value, label in field.choices.items()),
        }
        component = ResolvedComponent(
            name=field.enum_name, type=ResolvedComponent.SCHEMA, object=field.enum_name, schema=schema
        )
        auto_schema.registry.register_on_missing(component)
        return component.ref
