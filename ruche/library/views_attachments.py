"""Attachment pages: upload from the item page (with progress when scripts run), delete,
and the gated download. Thin: parse, gate, call a service, redirect."""

from typing import cast

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from ruche.core.errors import Invalid, TooLarge
from ruche.core.pages import actor_of, page
from ruche.library import attachments as service
from ruche.library.downloads import attachment_file_response
from ruche.library.permissions import access_attachment, access_library_item
from ruche.spaces.permissions import Need


def _back_to(request: HttpRequest, item_id: object) -> HttpResponse:
    url = reverse("library:item", args=[item_id]) + "#attachments"
    if request.headers.get("X-Requested-With") == "XMLHttpRequest":
        # The upload script goes there itself; the messages wait for that page.
        return JsonResponse({"location": url})
    return redirect(url)


@page
@require_POST
def attachment_add(request: HttpRequest, item_id: object) -> HttpResponse:
    item = access_library_item(actor_of(request), item_id, Need.CONTRIBUTE)
    upload = request.FILES.get("file")
    if upload is None:
        messages.error(request, _("Choose a file to attach."))
        return _back_to(request, item.id)
    try:
        attachment = service.attachment_add(
            actor=actor_of(request), item=item, file=upload, name=upload.name or ""
        )
    except (Invalid, TooLarge) as exc:
        messages.error(request, exc.detail)
    else:
        messages.success(request, _("“%(name)s” attached.") % {"name": attachment.name})
        if attachment.text_warning:
            messages.warning(request, attachment.text_warning)
    return _back_to(request, item.id)


@page
@require_POST
def attachment_delete(request: HttpRequest, attachment_id: object) -> HttpResponse:
    attachment = access_attachment(actor_of(request), attachment_id, Need.CONTRIBUTE)
    service.attachment_delete(actor=actor_of(request), attachment=attachment)
    messages.success(request, _("Attachment deleted."))
    return _back_to(request, attachment.item_id)


@page
@require_GET
def attachment_file(request: HttpRequest, attachment_id: object) -> HttpResponse:
    attachment = access_attachment(actor_of(request), attachment_id)
    response = attachment_file_response(attachment, download=request.GET.get("download") == "1")
    return cast(HttpResponse, response)  # page() is typed for HttpResponse; Django serves both
