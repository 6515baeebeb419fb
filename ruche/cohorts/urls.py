from django.http import Http404, HttpRequest, HttpResponse
from django.urls import path

from ruche.cohorts import views
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
    path("calendars/new/", views.calendar_feed_new, name="calendar-new"),
    path("calendars/<int:feed_id>/revoke/", views.calendar_feed_revoke, name="calendar-revoke"),
    path("spaces/<uuid:space_id>/pilot/", views.pilot, name="pilot"),
    path("spaces/<uuid:space_id>/pilot/<uuid:cohort_id>/mode/", views.mode_switch, name="mode"),
    path("cohort-sessions/<uuid:session_id>/", views.session_detail, name="session"),
    path("cohort-sessions/<uuid:session_id>/attendance/", views.attendance, name="attendance"),
    path("cohort-sessions/<uuid:session_id>/join/", views.session_join, name="join"),
    path("cohort-sessions/<uuid:session_id>/notes/", views.session_notes, name="notes"),
    path(
        "cohort-sessions/<uuid:session_id>/documents/",
        views.session_document_add,
        name="document-add",
    ),
]
