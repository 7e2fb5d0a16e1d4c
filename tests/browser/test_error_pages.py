"""The 400 page (a form body the service cannot read) and the 403 page of a refused form
(no valid CSRF token) pass axe-core in both languages."""

import pytest

HEADINGS = {
    ("latin-1", "fi"): "Pyyntöä ei voitu käsitellä",
    ("latin-1", "sv"): "Begäran kunde inte behandlas",
    ("no-csrf", "fi"): "Lomaketta ei voitu lähettää",
    ("no-csrf", "sv"): "Formuläret kunde inte skickas",
}


@pytest.mark.parametrize("lang", ["fi", "sv"])
@pytest.mark.parametrize(("case", "status"), [("latin-1", 400), ("no-csrf", 403)])
def test_error_page_is_accessible(page, url_for, axe, browser_errors, case, status, lang):
    url = url_for("accessibility", lang)
    browser_errors.expect_error_status(url)
    charset = "; charset=latin-1" if case == "latin-1" else ""
    body = b"message=M\xe4ki" if case == "latin-1" else b"message=M%C3%A4ki"

    def send_form(route) -> None:
        # The statement's feedback form, posted straight away: without the CSRF cookie the
        # page would have set, and for "latin-1" in a charset the service refuses.
        headers = {
            **route.request.headers,
            "content-type": f"application/x-www-form-urlencoded{charset}",
        }
        route.continue_(method="POST", headers=headers, post_data=body)

    page.route(url, send_form)
    response = page.goto(url)

    assert response is not None
    assert response.status == status
    assert page.evaluate("document.documentElement.lang") == lang
    assert page.locator("h1").all_inner_texts() == [HEADINGS[case, lang]]
    violations = axe(page)
    assert not violations, f"axe-core found violations on {case}:\n{axe.report(violations)}"
    browser_errors.assert_none()
