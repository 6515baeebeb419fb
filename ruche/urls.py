from django.urls import include, path

from ruche.accounts.views import language_set
from ruche.api import api

urlpatterns = [
    path("", include("ruche.core.urls")),
    path("accounts/", include("ruche.accounts.urls")),
    path("", include("ruche.spaces.urls")),
    path("api/v1/", api.urls),
    path("i18n/setlang/", language_set, name="set_language"),
]
