from django.urls import path

from ruche.decisions import views

app_name = "decisions"

urlpatterns = [
    path("spaces/<uuid:space_id>/decisions/", views.decision_list, name="list"),
    path("decisions/<uuid:decision_id>/", views.decision_detail, name="decision"),
    path("decisions/<uuid:decision_id>/results/", views.decision_results, name="results"),
    path("decisions/<uuid:decision_id>/position/", views.position_take, name="position"),
    path("decisions/<uuid:decision_id>/vote/", views.vote_cast, name="vote"),
    path("decisions/<uuid:decision_id>/revise/", views.decision_revise, name="revise"),
    path("decisions/<uuid:decision_id>/close/", views.decision_close, name="close"),
    path("decisions/<uuid:decision_id>/remind/", views.decision_remind, name="remind"),
    path("decisions/<uuid:decision_id>/session/", views.decision_session, name="session"),
    path("decisions/<uuid:decision_id>/export/<str:format>/", views.decision_export, name="export"),
]
