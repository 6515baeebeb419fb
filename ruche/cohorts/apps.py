from django.apps import AppConfig


class CohortsConfig(AppConfig):
    name = "ruche.cohorts"
    label = "cohorts"

    def ready(self) -> None:
        from django.utils.translation import gettext_lazy as _

        from ruche.cohorts.selectors import agenda_sessions
        from ruche.spaces.activity import register_verb
        from ruche.spaces.agenda import register_agenda_source
        from ruche.spaces.models import SpaceKind
        from ruche.spaces.tools import SpaceTool, register_space_tool

        register_agenda_source("cohort-sessions", agenda_sessions)
        register_verb("schedule_generated", _("generated the schedule of"))
        register_verb("session_adapted", _("adapted a session of"))
        register_space_tool(
            SpaceTool(
                key="pilot",
                label=_("Pilot"),
                url_name="cohorts:pilot",
                order=10,
                shown=lambda space: space.kind == SpaceKind.COHORT,
            )  # fmt: skip
        )
