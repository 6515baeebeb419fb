"""Account pages: log in and out, passwords, profile, access tokens, personal data."""

import contextlib
import json
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.messages.views import SuccessMessageMixin
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django.views.i18n import set_language

from ruche.accounts import ratelimit, selectors, services
from ruche.accounts.forms import (
    AccountDeleteForm,
    LocalisedPasswordResetForm,
    LoginForm,
    ProfileForm,
    TokenCreateForm,
)
from ruche.core.errors import Conflict, Invalid, NotFound


class LoginView(auth_views.LoginView):
    """Django's login, refusing (429) without checking the password once guessing is suspected."""

    form_class = LoginForm
    redirect_authenticated_user = True

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        email, ip = request.POST.get("username", ""), ratelimit.client_ip(request)
        if ratelimit.login_blocked(email=email, ip=ip):
            form = self.form_class(request, initial={"username": email})
            context = self.get_context_data(form=form, rate_limited=True)
            return self.render_to_response(context, status=429)
        return super().post(request, *args, **kwargs)

    def form_invalid(self, form: Any) -> HttpResponse:
        email = self.request.POST.get("username", "")
        ratelimit.login_failure_record(email=email, ip=ratelimit.client_ip(self.request))
        return super().form_invalid(form)

    def form_valid(self, form: Any) -> HttpResponse:
        ratelimit.login_success_record(email=form.get_user().email or "")
        return super().form_valid(form)


class PasswordResetView(auth_views.PasswordResetView):
    form_class = LocalisedPasswordResetForm
    email_template_name = "registration/password_reset_email.txt"
    success_url = reverse_lazy("accounts:password_reset_done")

    def form_valid(self, form: Any) -> HttpResponse:
        email, ip = form.cleaned_data["email"], ratelimit.client_ip(self.request)
        if not ratelimit.password_reset_allowed(email=email, ip=ip):
            # Same answer as a sent email: the page never tells whether an address exists.
            return redirect(self.success_url)
        return super().form_valid(form)


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    success_url = reverse_lazy("accounts:password_reset_complete")


class PasswordChangeView(SuccessMessageMixin, auth_views.PasswordChangeView):
    success_url = reverse_lazy("accounts:profile")
    success_message = gettext_lazy("Your password has been changed.")


def _profile_page(request: HttpRequest, **context: Any) -> HttpResponse:
    user = request.user
    context.setdefault("form", ProfileForm.for_user(user))  # type: ignore[arg-type]
    context.setdefault("token_form", TokenCreateForm())
    context["tokens"] = selectors.token_list(actor=user).filter(revoked_at__isnull=True)  # type: ignore[arg-type]
    status = 422 if any(f.errors for f in (context["form"], context["token_form"])) else 200
    return render(request, "accounts/profile.html", context, status=status)


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def profile(request: HttpRequest) -> HttpResponse:
    if request.method == "GET":
        return _profile_page(request)
    form = ProfileForm.for_user(request.user, data=request.POST)  # type: ignore[arg-type]
    if not form.is_valid():
        return _profile_page(request, form=form)
    try:
        user = services.profile_update(actor=request.user, **form.cleaned_data)  # type: ignore[arg-type]
    except Invalid as exc:
        form.add_error(None, exc.detail)
        return _profile_page(request, form=form)
    translation.activate(user.ui_language)
    messages.success(request, _("Your profile has been saved."))
    response = redirect("accounts:profile")
    response.set_cookie(settings.LANGUAGE_COOKIE_NAME, user.ui_language, samesite="Lax")
    return response


@never_cache
@login_required
@require_POST
def token_create(request: HttpRequest) -> HttpResponse:
    form = TokenCreateForm(request.POST)
    if not form.is_valid():
        return _profile_page(request, token_form=form)
    try:
        token, raw = services.token_create(user=request.user, label=form.cleaned_data["label"])  # type: ignore[arg-type]
    except Conflict as exc:
        form.add_error(None, exc.detail)
        return _profile_page(request, token_form=form)
    # Shown in this response only: the raw value is never stored, so no redirect.
    return _profile_page(request, new_token=token, new_token_raw=raw)


@login_required
@require_POST
def token_revoke(request: HttpRequest, token_id: int) -> HttpResponse:
    try:
        token = services.token_revoke(actor=request.user, token_id=token_id)  # type: ignore[arg-type]
    except NotFound as exc:
        raise Http404 from exc
    messages.success(request, _("The token “%(label)s” has been revoked.") % {"label": token.label})
    return redirect("accounts:profile")


@never_cache
@login_required
@require_GET
def data_export(request: HttpRequest) -> HttpResponse:
    data = selectors.personal_data_export(actor=request.user)  # type: ignore[arg-type]
    response = HttpResponse(
        json.dumps(data, indent=2, ensure_ascii=False, default=str),
        content_type="application/json; charset=utf-8",
    )
    filename = f"ruche-personal-data-{timezone.localdate().isoformat()}.json"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def account_delete(request: HttpRequest) -> HttpResponse:
    form = AccountDeleteForm(request.POST or None, user=request.user)  # type: ignore[arg-type]
    if request.method == "GET" or not form.is_valid():
        status = 422 if form.errors else 200
        return render(request, "accounts/delete.html", {"form": form}, status=status)
    services.account_delete(actor=request.user)  # type: ignore[arg-type]
    logout(request)
    messages.success(request, _("Your account has been deleted. Thank you for your work here."))
    return redirect("accounts:login")


@require_POST
def language_set(request: HttpRequest) -> HttpResponse:
    """Django's language switch, which also remembers the choice on the person's profile."""
    language = request.POST.get("language", "")
    supported = {code for code, _name in settings.LANGUAGES}
    if request.user.is_authenticated and language in supported:
        # The cookie still switches the language if the profile cannot be saved.
        with contextlib.suppress(Invalid):
            services.profile_update(actor=request.user, ui_language=language)  # type: ignore[arg-type]
    return set_language(request)
