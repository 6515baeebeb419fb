from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PadsConfig(AppConfig):
    name = "ruche.pads"
    label = "pads"

    def ready(self) -> None:
        from ruche.accounts.selectors import register_personal_data
        from ruche.pads.permissions import pad_room_access
        from ruche.pads.selectors import pad_personal_data
        from ruche.realtime.kinds import register_room_kind
        from ruche.spaces.activity import register_verb
        from ruche.spaces.tools import SpaceTool, register_space_tool

        register_room_kind("pad", pad_room_access)
        register_verb("pad_created", _("created the pad"))
        register_personal_data("pads", pad_personal_data)
        register_space_tool(SpaceTool(key="pads", label=_("Pads"), url_name="pads:list", order=30))
