from django.apps import AppConfig


class CohortsConfig(AppConfig):
    name = "ruche.cohorts"
    label = "cohorts"

    def ready(self) -> None:
        from django.utils.translation import gettext_lazy as _

        from ruche.spaces.activity import register_verb

        register_verb("schedule_generated", _("generated the schedule of"))
        register_verb("session_adapted", _("adapted a session of"))
