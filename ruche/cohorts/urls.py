from django.http import Http404, HttpRequest, HttpResponse
from django.urls import path

from ruche.cohorts.api import private_feed
from ruche.core.errors import NotFound

app_name = "cohorts"


def calendar_feed(request: HttpRequest, token: str) -> HttpResponse:
    try:
        return private_feed(request, token)
    except NotFound as exc:
        raise Http404() from exc


urlpatterns = [
    path("calendar/<str:token>.ics", calendar_feed, name="calendar-feed"),
]
