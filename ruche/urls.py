from django.urls import include, path

from ruche.api import api

urlpatterns = [
    path("", include("ruche.core.urls")),
    path("accounts/", include("ruche.accounts.urls")),
    path("", include("ruche.spaces.urls")),
    path("api/v1/", api.urls),
    path("i18n/", include("django.conf.urls.i18n")),
]
