from django.apps import AppConfig


class DecisionsConfig(AppConfig):
    name = "ruche.decisions"
    label = "decisions"

    def ready(self) -> None:
        from django.utils.translation import gettext_lazy as _

        from ruche.spaces.activity import register_verb

        register_verb("decision_opened", _("opened the decision"))
        register_verb("decision_revised", _("revised the proposal"))
        register_verb("decision_closed", _("closed the decision"))
        register_verb("decision_reminded", _("reminded those who have not taken part in"))
