from django.urls import path

from ruche.modules import views

app_name = "modules"

urlpatterns = [
    path("spaces/<uuid:space_id>/modules/", views.module_list, name="list"),
    path("modules/<uuid:module_id>/", views.module_detail, name="module"),
    path("modules/<uuid:module_id>/details/", views.module_details, name="details"),
    path("modules/<uuid:module_id>/versions/", views.module_versions, name="versions"),
    path("modules/<uuid:module_id>/versions/<int:number>/fork/", views.module_fork, name="fork"),
    path("modules/<uuid:module_id>/changes/", views.module_changes, name="changes"),
    path("modules/<uuid:module_id>/comments/", views.module_comments, name="comments"),
    path(
        "modules/<uuid:module_id>/comments/<uuid:comment_id>/resolve/",
        views.comment_resolve,
        name="comment-resolve",
    ),
    path("modules/<uuid:module_id>/units/", views.unit_add, name="unit-add"),
    path(
        "modules/<uuid:module_id>/units/<uuid:unit_id>/sessions/",
        views.session_add,
        name="session-add",
    ),
    path(
        "modules/<uuid:module_id>/sessions/<uuid:session_id>/activities/",
        views.activity_add,
        name="activity-add",
    ),
    path(
        "modules/<uuid:module_id>/activities/<uuid:activity_id>/edit/",
        views.activity_edit,
        name="activity-edit",
    ),
    path(
        "modules/<uuid:module_id>/activities/<uuid:activity_id>/move/",
        views.activity_move,
        name="activity-move",
    ),
    path(
        "modules/<uuid:module_id>/activities/<uuid:activity_id>/duplicate/",
        views.activity_duplicate,
        name="activity-duplicate",
    ),
    path(
        "modules/<uuid:module_id>/<str:entity>/<uuid:element_id>/delete/",
        views.element_delete,
        name="element-delete",
    ),
]
