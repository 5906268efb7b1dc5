from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RegionsConfig(AppConfig):
    name = "deskpilkada.regions"
    label = "regions"
    verbose_name = _("Regions")

    def ready(self):
        from . import lookups  # noqa: F401  (registers code__subtree and code__below)
