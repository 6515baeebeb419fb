from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WikiConfig(AppConfig):
    name = "ruche.wiki"
    label = "wiki"

    def ready(self) -> None:
        from ruche.accounts.selectors import register_personal_data
        from ruche.realtime.kinds import register_room_kind
        from ruche.spaces.activity import register_verb
        from ruche.spaces.tools import SpaceTool, register_space_tool
        from ruche.wiki.permissions import wiki_room_access
        from ruche.wiki.selectors import wiki_personal_data

        register_room_kind("wiki", wiki_room_access)
        register_personal_data("wiki", wiki_personal_data)
        register_verb("wiki_page_created", _("created the wiki page"))
        register_space_tool(SpaceTool(key="wiki", label=_("Wiki"), url_name="wiki:home", order=30))
