from django.apps import AppConfig


class BoardsConfig(AppConfig):
    name = "ruche.boards"
    label = "boards"

    def ready(self) -> None:
        from django.utils.translation import gettext_lazy as _

        from ruche.accounts.selectors import register_personal_data
        from ruche.boards.live import forward_board_change
        from ruche.boards.selectors import personal_data
        from ruche.boards.services import BoardChanged
        from ruche.core.events import subscribe
        from ruche.spaces.tools import SpaceTool, register_space_tool

        subscribe(BoardChanged, forward_board_change)
        register_personal_data("boards", personal_data)
        register_space_tool(
            SpaceTool(key="boards", label=_("Boards"), url_name="boards:list", order=45)
        )
