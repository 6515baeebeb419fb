from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "ruche.core"
    label = "core"
    verbose_name = "Ruche core"
