from django.apps import AppConfig


class LibraryConfig(AppConfig):
    name = "ruche.library"
    label = "library"
    verbose_name = "Library"
