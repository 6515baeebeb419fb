from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render

from ruche.spaces import selectors


@login_required
def home(request: HttpRequest) -> HttpResponse:
    actor = request.user
    context = {
        "spaces": selectors.space_list(actor=actor),  # type: ignore[arg-type]
        "activities": selectors.activity_feed(actor=actor),  # type: ignore[arg-type]
        "upcoming": selectors.upcoming_spaces(actor=actor),  # type: ignore[arg-type]
    }
    return render(request, "core/home.html", context)


def healthz(request: HttpRequest) -> JsonResponse:
    return JsonResponse({"status": "ok"})
