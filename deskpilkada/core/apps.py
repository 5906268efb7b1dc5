from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "deskpilkada.core"
    label = "core"
    verbose_name = "Core"
