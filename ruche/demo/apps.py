from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "ruche.demo"
    label = "demo"
