from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TablesConfig(AppConfig):
    name = "ruche.tables"
    label = "tables"

    def ready(self) -> None:
        from ruche.accounts.selectors import register_personal_data
        from ruche.realtime.kinds import register_room_kind
        from ruche.spaces.activity import register_verb
        from ruche.spaces.tools import SpaceTool, register_space_tool
        from ruche.tables.permissions import table_room_access
        from ruche.tables.selectors import table_personal_data

        register_room_kind("table", table_room_access)
        register_verb("table_created", _("created the table"))
        register_personal_data("tables", table_personal_data)
        register_space_tool(
            SpaceTool(key="tables", label=_("Tables"), url_name="tables:list", order=40)
        )
