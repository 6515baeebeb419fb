from django.apps import AppConfig, apps
from django.utils.translation import gettext_lazy as _


class GlossaryConfig(AppConfig):
    name = "ruche.glossary"
    label = "glossary"
    verbose_name = _("Glossary")

    def ready(self) -> None:
        from ruche.accounts.selectors import register_personal_data
        from ruche.glossary.selectors import glossary_personal_data
        from ruche.spaces.activity import register_verb
        from ruche.spaces.tools import SpaceTool, register_space_tool

        register_personal_data("glossary", glossary_personal_data)
        register_verb("glossary_entry_proposed", _("proposed the glossary entry"))
        register_verb("glossary_entry_adopted", _("adopted the glossary entry"))
        register_verb("glossary_entry_reopened", _("re-opened the glossary entry"))
        register_verb("glossary_entry_translated", _("translated the glossary entry"))
        register_verb("glossary_entry_deleted", _("deleted the glossary entry"))
        if apps.is_installed("ruche.credits"):
            from ruche.glossary.credits import register_glossary_credits

            register_glossary_credits()
        register_space_tool(
            SpaceTool(key="glossary", label=_("Glossary"), url_name="glossary:list", order=65)
        )
