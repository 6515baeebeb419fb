from django.apps import AppConfig


class ModulesConfig(AppConfig):
    name = "ruche.modules"
    label = "modules"

    def ready(self) -> None:
        from django.utils.translation import gettext_lazy as _

        from ruche.spaces.activity import register_verb
        from ruche.spaces.models import SpaceKind
        from ruche.spaces.tools import SpaceTool, register_space_tool

        register_verb("module_created", _("created the module"))
        register_verb("module_published", _("published a version of"))
        register_verb("module_forked", _("forked a module into"))
        register_space_tool(
            SpaceTool(
                key="modules",
                label=_("Modules"),
                url_name="modules:list",
                order=20,
                shown=lambda space: space.kind == SpaceKind.COMMUNITY,
            )  # fmt: skip
        )
