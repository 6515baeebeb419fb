from django.urls import path

from ruche.boards import views

app_name = "boards"

urlpatterns = [
    path("spaces/<uuid:space_id>/boards/", views.board_list, name="list"),
    path("boards/<uuid:board_id>/", views.board_detail, name="board"),
]
