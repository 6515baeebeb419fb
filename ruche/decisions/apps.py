from django.apps import AppConfig


class DecisionsConfig(AppConfig):
    name = "ruche.decisions"
    label = "decisions"

    def ready(self) -> None:
        from django.utils.translation import gettext_lazy as _

        from ruche.accounts.selectors import register_personal_data
        from ruche.decisions.selectors import agenda_decisions, personal_data
        from ruche.spaces.activity import register_verb
        from ruche.spaces.agenda import register_agenda_source
        from ruche.spaces.tools import SpaceTool, register_space_tool

        register_agenda_source("decisions", agenda_decisions)
        register_verb("decision_opened", _("opened the decision"))
        register_verb("decision_revised", _("revised the proposal"))
        register_verb("decision_closed", _("closed the decision"))
        register_verb("decision_reminded", _("reminded those who have not taken part in"))
        register_space_tool(
            SpaceTool(key="decisions", label=_("Decisions"), url_name="decisions:list", order=60)
        )
        register_personal_data("decisions", personal_data)
