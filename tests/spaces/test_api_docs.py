"""The API describes itself: OpenAPI document and interactive docs, offline and under our CSP."""

import re
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.contrib.staticfiles import finders
from django.test import Client

from tests.browser.conftest import (  # the live ASGI server of the browser tests
    CHROMIUM,
    CHROMIUM_ARGS,
    _chromium_missing_reason,
    asgi_server,  # noqa: F401
)


def test_openapi_document_lists_the_contract(db):
    response = Client().get("/api/v1/openapi.json")
    assert response.status_code == 200
    paths = response.json()["paths"]
    for path in [
        "/api/v1/me",
        "/api/v1/me/export",
        "/api/v1/me/tokens",
        "/api/v1/me/tokens/{token_id}",
        "/api/v1/spaces",
        "/api/v1/spaces/{space_id}",
        "/api/v1/spaces/{space_id}/children",
        "/api/v1/spaces/{space_id}/members",
        "/api/v1/spaces/{space_id}/members/{membership_id}",
        "/api/v1/spaces/{space_id}/invitations",
        "/api/v1/spaces/{space_id}/invitations/{invitation_id}",
        "/api/v1/spaces/{space_id}/audit",
        "/api/v1/spaces/{space_id}/activity",
        "/api/v1/invitations/{token}",
        "/api/v1/invitations/{token}/accept",
    ]:
        assert path in paths, path
    assert set(paths["/api/v1/spaces"]) == {"get", "post"}
    assert set(paths["/api/v1/spaces/{space_id}"]) == {"get", "patch", "delete"}
    schemes = response.json()["components"]["securitySchemes"]
    assert {s["type"] for s in schemes.values()} >= {"http", "apiKey"}


def test_docs_page_loads_only_our_own_scripts(db):
    response = Client().get("/api/v1/docs")
    assert response.status_code == 200
    html = response.content.decode()
    scripts = re.findall(r"<script[^>]*>", html)
    executable = [s for s in scripts if "application/json" not in s]
    assert executable, html
    for tag in executable:
        src = re.search(r'src="([^"]+)"', tag)
        assert src, f"inline script would be blocked by the CSP: {tag}"
        assert src.group(1).startswith("/static/"), tag
        assert finders.find(src.group(1).removeprefix("/static/")), src.group(1)
    assert "cdn" not in html.lower()
    assert "script-src 'self'" in response["Content-Security-Policy"]


def _docs_in_chromium(base_url: str) -> dict[str, object]:
    from playwright.sync_api import sync_playwright

    problems: list[str] = []
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = chromium.new_page()
        page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda exc: problems.append(str(exc)))
        status = page.goto(f"{base_url}/api/v1/docs").status
        title = page.locator(".swagger-ui .info .title")
        title.wait_for(timeout=20_000)
        seen = {
            "status": status,
            "title": title.inner_text(),
            "paths": page.locator(".opblock-summary-path", has_text="/api/v1/spaces").count(),
            "problems": problems,
        }
        chromium.close()
    return seen


@pytest.mark.browser
# Static files reach uvicorn as a synchronous stream (whitenoise); harmless, but a warning.
@pytest.mark.filterwarnings("ignore:StreamingHttpResponse must consume synchronous")
def test_docs_render_in_a_real_browser_under_the_csp(request):
    if _chromium_missing_reason():
        pytest.skip(_chromium_missing_reason())
    server = request.getfixturevalue("asgi_server")
    # Its own Playwright in its own thread, so it never meets another test's browser session.
    with ThreadPoolExecutor(max_workers=1) as pool:
        seen = pool.submit(_docs_in_chromium, server.url).result()
    assert seen["status"] == 200
    assert "Ruche API" in seen["title"]
    assert seen["paths"] >= 1
    assert seen["problems"] == []
