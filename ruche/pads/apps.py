from django.apps import AppConfig


class PadsConfig(AppConfig):
    name = "ruche.pads"
    label = "pads"
