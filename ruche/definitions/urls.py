from django.urls import path

from ruche.definitions import views

app_name = "definitions"

urlpatterns = [
    path("spaces/<uuid:space_id>/definitions/", views.process_list, name="list"),
    path("definitions/<uuid:process_id>/", views.process_detail, name="process"),
    path("definitions/<uuid:process_id>/act/", views.process_act, name="act"),
    path("definitions/<uuid:process_id>/provenance/", views.provenance_page, name="provenance"),
    path(
        "definitions/<uuid:process_id>/provenance.md",
        views.provenance_export,
        name="provenance_export",
    ),
]
