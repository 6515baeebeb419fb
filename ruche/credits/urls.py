from django.urls import path

from ruche.credits import views

app_name = "credits"

urlpatterns = [
    path("spaces/<uuid:space_id>/licence/", views.licence_settings, name="licence"),
    path("credits/<slug:kind>/<uuid:object_id>/block/", views.credits_block, name="block"),
    path(
        "credits/<slug:kind>/<uuid:object_id>/library/",
        views.add_to_library,
        name="add_to_library",
    ),
]
