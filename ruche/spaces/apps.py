from django.apps import AppConfig


class SpacesConfig(AppConfig):
    name = "ruche.spaces"
    label = "spaces"
