from django.urls import path

from ruche.pads import views

app_name = "pads"

urlpatterns = [
    path("spaces/<uuid:space_id>/pads/", views.pad_list, name="list"),
    path("spaces/<uuid:space_id>/pads/import/", views.pad_import, name="import"),
    path("pads/<uuid:pad_id>/", views.pad_detail, name="pad"),
    path(
        "pads/<uuid:pad_id>/<str:action>/",
        views.pad_change,
        name="change",
    ),
]
