from django.urls import path

from ruche.wiki import views

app_name = "wiki"

urlpatterns = [
    path("spaces/<uuid:space_id>/wiki/", views.wiki_home, name="home"),
    path("spaces/<uuid:space_id>/wiki/new/", views.page_new, name="new"),
    path("spaces/<uuid:space_id>/wiki/search/", views.wiki_search, name="search"),
    path("spaces/<uuid:space_id>/wiki/changes/", views.wiki_changes, name="changes"),
    path("spaces/<uuid:space_id>/wiki/import/", views.wiki_import, name="import"),
    path("spaces/<uuid:space_id>/wiki/<slug:slug>/", views.page_by_slug, name="page"),
    path("wiki/pages/<uuid:page_id>/", views.page_by_id, name="page_id"),
    path("wiki/pages/<uuid:page_id>/<str:action>/", views.page_change, name="change"),
]
