from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WikiConfig(AppConfig):
    name = "ruche.wiki"
    label = "wiki"

    def ready(self) -> None:
        from ruche.realtime.kinds import register_room_kind
        from ruche.spaces.activity import register_verb
        from ruche.spaces.tools import SpaceTool, register_space_tool
        from ruche.wiki.permissions import wiki_room_access

        register_room_kind("wiki", wiki_room_access)
        register_verb("wiki_page_created", _("created the wiki page"))
        register_space_tool(SpaceTool(key="wiki", label=_("Wiki"), url_name="wiki:home", order=30))
