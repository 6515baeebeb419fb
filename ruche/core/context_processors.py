from django.conf import settings
from django.http import HttpRequest

from ruche import __version__


def ruche(request: HttpRequest) -> dict[str, object]:
    return {"RUCHE_VERSION": __version__, "RUCHE_BASE_URL": settings.BASE_URL}
