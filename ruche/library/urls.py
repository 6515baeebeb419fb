from django.urls import path

from ruche.library import views, views_attachments, views_duplicates

app_name = "library"

urlpatterns = [
    path("spaces/<uuid:space_id>/library/", views.items, name="items"),
    path("spaces/<uuid:space_id>/library/trash/", views.trash, name="trash"),
    path("spaces/<uuid:space_id>/library/new/", views.item_new, name="item_new"),
    path("spaces/<uuid:space_id>/library/import/", views.import_page, name="import"),
    path("spaces/<uuid:space_id>/library/bibliography/", views.bibliography, name="bibliography"),
    path(
        "spaces/<uuid:space_id>/library/duplicates/",
        views_duplicates.duplicates,
        name="duplicates",
    ),
    path("spaces/<uuid:space_id>/library/merge/", views_duplicates.merge, name="merge"),
    path(
        "spaces/<uuid:space_id>/library/collections/",
        views.collection_add,
        name="collection_add",
    ),
    path("library/items/<uuid:item_id>/", views.item_detail, name="item"),
    path("library/items/<uuid:item_id>/trash/", views.item_trash, name="item_trash"),
    path("library/items/<uuid:item_id>/notes/", views.note_add, name="note_add"),
    path("library/notes/<int:note_id>/delete/", views.note_delete, name="note_delete"),
    path(
        "library/items/<uuid:item_id>/attachments/",
        views_attachments.attachment_add,
        name="attachment_add",
    ),
    path(
        "library/attachments/<uuid:attachment_id>/delete/",
        views_attachments.attachment_delete,
        name="attachment_delete",
    ),
    path(
        "library/attachments/<uuid:attachment_id>/file/",
        views_attachments.attachment_file,
        name="attachment_file",
    ),
]
