from django.apps import AppConfig


class LibraryConfig(AppConfig):
    name = "ruche.library"
    label = "library"
    verbose_name = "Library"

    def ready(self) -> None:
        from django.utils.translation import gettext_lazy as _

        from ruche.accounts.selectors import register_personal_data
        from ruche.library.selectors import library_personal_data
        from ruche.spaces.tools import SpaceTool, register_space_tool

        register_personal_data("library", library_personal_data)
        register_space_tool(
            SpaceTool(key="library", label=_("Library"), url_name="library:items", order=40)
        )
