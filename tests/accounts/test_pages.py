"""Account pages through the Django test client, on the real database."""

import json
import re

import pytest
from django.core import mail
from django.core.cache import cache
from django.test import Client

from ruche.accounts.models import PersonalAccessToken, User
from tests.conftest import PASSWORD, ApiClient


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def person(make_user):
    return make_user("Ada Lovelace", email="ada@example.org")


@pytest.fixture
def browser(person):
    client = Client()
    client.force_login(person)
    return client


def raw_token_in(response) -> str:
    return re.search(r'<code id="new-token">(ruche_[\w-]+)</code>', response.content.decode())[1]


def login(client: Client, email: str, password: str):
    return client.post("/accounts/login/", {"username": email, "password": password})


# ---------- Log in, log out ----------


def test_login_page_renders_with_design_and_forgot_link(client):
    response = client.get("/accounts/login/")
    html = response.content.decode()
    assert response.status_code == 200
    assert 'href="/static/ruche/css/ruche.css"' in html
    assert 'href="/accounts/password/reset/"' in html
    assert "style=" not in html  # the CSP forbids inline styles


def test_login_with_right_password_opens_a_session(client, person):
    response = login(client, "ADA@example.org ", PASSWORD)
    assert response.status_code == 302
    assert client.get("/accounts/profile/").status_code == 200


def test_login_with_wrong_password_says_so(client, person):
    response = login(client, "ada@example.org", "not the password")
    assert response.status_code == 200
    assert "do not match an account" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_deleted_or_inactive_person_cannot_log_in(client, person):
    person.is_active = False
    person.save()
    assert "_auth_user_id" not in login(client, "ada@example.org", PASSWORD).wsgi_request.session


def test_logout_requires_post(browser):
    assert browser.get("/accounts/logout/").status_code == 405
    assert browser.get("/accounts/profile/").status_code == 200
    response = browser.post("/accounts/logout/")
    assert response.status_code == 302
    assert browser.get("/accounts/profile/").status_code == 302


def test_account_pages_need_a_session(client):
    for path in ["/accounts/profile/", "/accounts/export/", "/accounts/delete/"]:
        response = client.get(path)
        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/login/")


# ---------- Passwords ----------


def test_password_reset_sends_a_working_link(client, person):
    response = client.post("/accounts/password/reset/", {"email": "ada@example.org"})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["ada@example.org"]
    link = re.search(r"https?://[^/\s]+(/accounts/password/reset/\S+/)", message.body).group(1)
    form_page = client.get(link, follow=True)
    assert form_page.status_code == 200
    assert b"new_password1" in form_page.content
    new = "a brand new honeycomb"
    done = client.post(
        form_page.redirect_chain[-1][0], {"new_password1": new, "new_password2": new}
    )
    assert done.status_code == 302
    assert login(Client(), "ada@example.org", new).status_code == 302
    assert client.get(link, follow=True).context["validlink"] is False


def test_password_reset_for_unknown_address_sends_nothing_and_reveals_nothing(client, db):
    response = client.post("/accounts/password/reset/", {"email": "nobody@example.org"})
    assert response.status_code == 302
    assert mail.outbox == []


def test_password_reset_email_is_in_the_recipients_language(client, person):
    person.ui_language = "fr"
    person.save()
    client.post("/accounts/password/reset/", {"email": "ada@example.org"})
    assert "mot de passe" in mail.outbox[0].subject.lower()
    assert "Bonjour" in mail.outbox[0].body


def test_password_change(browser, person):
    new = "another good passphrase"
    response = browser.post(
        "/accounts/password/change/",
        {"old_password": PASSWORD, "new_password1": new, "new_password2": new},
    )
    assert response.status_code == 302
    person.refresh_from_db()
    assert person.check_password(new)


def test_password_change_refuses_a_wrong_old_password(browser, person):
    new = "another good passphrase"
    response = browser.post(
        "/accounts/password/change/",
        {"old_password": "wrong", "new_password1": new, "new_password2": new},
    )
    assert response.status_code == 200
    person.refresh_from_db()
    assert person.check_password(PASSWORD)


# ---------- Profile and language ----------


def profile_data(**changes):
    data = {
        "display_name": "Ada L.",
        "languages": "English, French",
        "bio": "Trainer in Lyon.",
        "avatar_colour": "#0f6a6a",
        "ui_language": "en",
        "time_zone": "Europe/Rome",
    }
    return {**data, **changes}


def test_profile_update(browser, person):
    response = browser.post("/accounts/profile/", profile_data())
    assert response.status_code == 302
    person.refresh_from_db()
    assert (person.display_name, person.colour, person.time_zone) == (
        "Ada L.",
        "#0f6a6a",
        "Europe/Rome",
    )
    page = browser.get("/accounts/profile/").content.decode()
    assert "Your profile has been saved." in page
    assert "avatar--c5" in page


@pytest.mark.parametrize(
    "bad",
    [
        {"display_name": ""},
        {"time_zone": "Mars/Olympus"},
        {"avatar_colour": "red;background:url(x)"},
        {"ui_language": "xx"},
        {"bio": "b" * 1001},
    ],
)
def test_profile_refuses_bad_input(browser, person, bad):
    response = browser.post("/accounts/profile/", profile_data(**bad))
    assert response.status_code == 422
    person.refresh_from_db()
    assert person.display_name == "Ada Lovelace"


def test_profile_in_french_renders_french(browser, person):
    browser.post("/accounts/profile/", profile_data(ui_language="fr"))
    page = browser.get("/accounts/profile/").content.decode()
    assert '<html lang="fr">' in page
    assert "Votre profil" in page


def test_language_switch_changes_the_language_and_remembers_it(browser, person):
    response = browser.post("/i18n/setlang/", {"language": "fr", "next": "/accounts/profile/"})
    assert response.status_code == 302
    assert response["Location"] == "/accounts/profile/"
    person.refresh_from_db()
    assert person.ui_language == "fr"
    assert "Votre profil" in browser.get("/accounts/profile/").content.decode()
    browser.post("/i18n/setlang/", {"language": "en"})
    assert "Your profile" in browser.get("/accounts/profile/").content.decode()


def test_language_switch_for_visitors_uses_the_cookie(client):
    client.post("/i18n/setlang/", {"language": "fr"})
    page = client.get("/accounts/login/").content.decode()
    assert "Mot de passe oublié" in page


def test_language_switch_refuses_unknown_languages_and_get(browser, person):
    browser.post("/i18n/setlang/", {"language": "xx"})
    person.refresh_from_db()
    assert person.ui_language == ""
    assert browser.get("/i18n/setlang/?language=fr").status_code == 405


# ---------- Personal access tokens ----------


def test_token_is_shown_once_and_works_against_the_api(browser, person):
    response = browser.post("/accounts/tokens/", {"label": "my script"})
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    raw = raw_token_in(response)
    me = ApiClient(raw).get("/me")
    assert me.status_code == 200
    assert me.json_body["email"] == "ada@example.org"
    later = browser.get("/accounts/profile/").content.decode()
    assert raw not in later
    assert "my script" in later
    assert raw[:12] in later  # the hint


def test_revoked_token_answers_401(browser, person):
    response = browser.post("/accounts/tokens/", {"label": "short-lived"})
    raw = raw_token_in(response)
    token = PersonalAccessToken.objects.get(user=person, label="short-lived")
    assert browser.post(f"/accounts/tokens/{token.pk}/revoke/").status_code == 302
    assert ApiClient(raw).get("/me").status_code == 401
    assert (
        f"/accounts/tokens/{token.pk}/revoke/"
        not in browser.get("/accounts/profile/").content.decode()
    )


def test_token_needs_a_label(browser, person):
    response = browser.post("/accounts/tokens/", {"label": ""})
    assert response.status_code == 422
    assert not PersonalAccessToken.objects.filter(user=person).exists()


def test_nobody_can_revoke_someone_elses_token(browser, make_user):
    other = make_user("Grace")
    client = Client()
    client.force_login(other)
    raw = raw_token_in(client.post("/accounts/tokens/", {"label": "grace's"}))
    token = PersonalAccessToken.objects.get(user=other)
    assert browser.post(f"/accounts/tokens/{token.pk}/revoke/").status_code == 404
    assert browser.get(f"/accounts/tokens/{token.pk}/revoke/").status_code == 405
    assert ApiClient(raw).get("/me").status_code == 200


# ---------- Personal data ----------


def test_data_export_is_a_json_attachment_with_the_profile(browser, person):
    response = browser.get("/accounts/export/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    assert response["Content-Disposition"].startswith('attachment; filename="ruche-personal-data-')
    data = json.loads(response.content)
    assert data["profile"]["email"] == "ada@example.org"
    assert data["profile"]["display_name"] == "Ada Lovelace"


def test_account_deletion_needs_the_password(browser, person):
    page = browser.get("/accounts/delete/")
    assert "former member N" in page.content.decode()
    response = browser.post("/accounts/delete/", {"password": "wrong"})
    assert response.status_code == 422
    person.refresh_from_db()
    assert person.email == "ada@example.org"


def test_account_deletion_scrubs_the_person_and_logs_out(browser, person):
    response = browser.post("/accounts/delete/", {"password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/"
    assert not User.objects.filter(email="ada@example.org").exists()
    person.refresh_from_db()
    assert re.fullmatch(r"former member \d+", person.public_name)
    assert browser.get("/accounts/profile/").status_code == 302
    assert "_auth_user_id" not in login(Client(), "ada@example.org", PASSWORD).wsgi_request.session


# ---------- Error pages ----------


def test_404_page_is_designed_and_bilingual(client, settings):
    settings.DEBUG = False
    page = client.get("/no/such/page/")
    assert page.status_code == 404
    assert "ruche.css" in page.content.decode()
    client.post("/i18n/setlang/", {"language": "fr"})
    assert "Page introuvable" in client.get("/no/such/page/").content.decode()


# ---------- Content security policy ----------


@pytest.mark.parametrize(
    "path",
    [
        "/accounts/profile/",
        "/accounts/delete/",
        "/accounts/password/change/",
        "/accounts/login/",
        "/accounts/password/reset/",
    ],
)
def test_pages_need_no_inline_style_or_script(browser, path):
    if path.startswith(("/accounts/login", "/accounts/password/reset")):
        browser = Client()
    response = browser.get(path)
    html = response.content.decode()
    assert response.status_code == 200
    assert "script-src 'self'" in response["Content-Security-Policy"]
    assert not re.search(r"\sstyle\s*=", html)
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html)
    assert not re.search(r"\son[a-z]+\s*=", html)  # no inline event handlers
