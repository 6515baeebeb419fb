import pytest

pytestmark = pytest.mark.browser


def test_login_page_renders_and_healthz_answers(new_page):
    page = new_page()
    response = page.goto("/healthz")
    assert response.status == 200
    assert '"ok"' in page.content()
    page.goto("/accounts/login/")
    assert page.get_by_role("button", name="Log in").is_visible()
