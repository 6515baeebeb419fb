from django.urls import include, path, re_path

from ruche.accounts.views import language_set
from ruche.api import api
from ruche.core.api import api_not_found

urlpatterns = [
    path("", include("ruche.core.urls")),
    path("accounts/", include("ruche.accounts.urls")),
    path("", include("ruche.spaces.urls")),
    path("", include("ruche.cohorts.urls")),
    path("", include("ruche.modules.urls")),
    path("", include("ruche.pads.urls")),
    path("", include("ruche.library.urls")),
    path("", include("ruche.tables.urls")),
    path("", include("ruche.wiki.urls")),
    path("", include("ruche.decisions.urls")),
    path("", include("ruche.boards.urls")),
    path("", include("ruche.definitions.urls")),
    path("", include("ruche.credits.urls")),
    path("", include("ruche.glossary.urls")),
    path("api/v1/", api.urls),
    re_path(r"^api/", api_not_found),
    path("i18n/setlang/", language_set, name="set_language"),
]
