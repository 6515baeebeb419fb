from django.apps import AppConfig, apps


class DefinitionsConfig(AppConfig):
    name = "ruche.definitions"
    label = "definitions"

    def ready(self) -> None:
        from django.utils.translation import gettext_lazy as _

        from ruche.accounts.selectors import register_personal_data
        from ruche.definitions import provenance
        from ruche.definitions.selectors import personal_data
        from ruche.spaces.activity import register_verb
        from ruche.spaces.tools import SpaceTool, register_space_tool

        register_verb("definition_started", _("started the shared definition of"))
        register_verb("definition_advanced", _("moved to the next step the definition of"))
        register_verb("definition_adopted", _("adopted the shared definition of"))
        register_space_tool(
            SpaceTool(
                key="definitions", label=_("Definitions"), url_name="definitions:list", order=62
            )
        )
        provenance.origin_register()
        register_personal_data("definitions", personal_data)
        if apps.is_installed("ruche.credits"):
            from ruche.definitions.credits import register_definition_credits

            register_definition_credits()
