from django.urls import path

from ruche.glossary import views

app_name = "glossary"

urlpatterns = [
    path("spaces/<uuid:space_id>/glossary/", views.entry_list, name="list"),
    path("glossary/<uuid:entry_id>/", views.entry_detail, name="entry"),
    path(
        "glossary/<uuid:entry_id>/versions/<uuid:version_id>/", views.version_detail, name="version"
    ),  # fmt: skip
    path("glossary/<uuid:entry_id>/<str:action>/", views.entry_change, name="change"),
]
