from django.urls import path

from ruche.core import views
from ruche.spaces.views import home

app_name = "core"

# The home page belongs to spaces (my spaces, their news); it keeps the name core:home.
urlpatterns = [
    path("", home, name="home"),
    path("healthz", views.healthz, name="healthz"),
]
