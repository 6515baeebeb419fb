from django.apps import AppConfig


class CreditsConfig(AppConfig):
    name = "ruche.credits"
    label = "credits"

    def ready(self) -> None:
        from ruche.credits import kinds

        kinds.register_builtin_sources()
