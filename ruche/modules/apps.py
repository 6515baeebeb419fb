from django.apps import AppConfig


class ModulesConfig(AppConfig):
    name = "ruche.modules"
    label = "modules"

    def ready(self) -> None:
        from django.utils.translation import gettext_lazy as _

        from ruche.spaces.activity import register_verb

        register_verb("module_created", _("created the module"))
        register_verb("module_published", _("published a version of"))
        register_verb("module_forked", _("forked a module into"))
