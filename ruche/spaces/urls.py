from django.urls import path

from ruche.spaces import views

app_name = "spaces"

urlpatterns = [
    path("spaces/", views.space_list, name="list"),
    path("spaces/new/", views.space_create, name="create"),
    path("spaces/<uuid:space_id>/", views.space_detail, name="space"),
    path("spaces/<uuid:space_id>/members/", views.members, name="members"),
    path(
        "spaces/<uuid:space_id>/members/<int:membership_id>/",
        views.member_update,
        name="member_update",
    ),
    path(
        "spaces/<uuid:space_id>/members/<int:membership_id>/remove/",
        views.member_remove,
        name="member_remove",
    ),
    path("spaces/<uuid:space_id>/invitations/", views.invitations, name="invitations"),
    path(
        "spaces/<uuid:space_id>/invitations/<uuid:invitation_id>/revoke/",
        views.invitation_revoke,
        name="invitation_revoke",
    ),
    path("spaces/<uuid:space_id>/audit/", views.audit, name="audit"),
    path("spaces/<uuid:space_id>/settings/", views.space_settings, name="settings"),
    path("spaces/<uuid:space_id>/delete/", views.space_delete, name="delete"),
    # Public: matches Invitation.url; the token is the key.
    path("invitations/<str:token>/", views.invitation_page, name="invitation"),
]
