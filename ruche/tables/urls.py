from django.urls import path

from ruche.tables import views

app_name = "tables"

urlpatterns = [
    path("spaces/<uuid:space_id>/tables/", views.table_list, name="list"),
    path("spaces/<uuid:space_id>/tables/import/", views.table_import, name="import"),
    path("tables/<uuid:table_id>/", views.table_detail, name="table"),
    path("tables/<uuid:table_id>/delete/", views.table_delete, name="delete"),
]
