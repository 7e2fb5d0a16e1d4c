"""Every public page, in Finnish and Swedish, passes axe-core's WCAG 2.1 AA rules."""

import pytest

PAGES = [
    "home",
    "programme",
    "themes",
    "theme-1",
    "theme-2",
    "theme-3",
    "theme-4",
    "theme-5",
    "accessibility",
    "privacy",
    "not-found",
]


@pytest.mark.parametrize("lang", ["fi", "sv"])
@pytest.mark.parametrize("key", PAGES)
def test_public_page_is_accessible(page, programme, url_for, axe, browser_errors, key, lang):
    url = url_for(key, lang)
    expected_status = 404 if key == "not-found" else 200
    if expected_status == 404:
        browser_errors.expect_error_status(url)

    response = page.goto(url)

    assert response is not None
    assert response.status == expected_status, f"{url} answered {response.status}"
    assert page.evaluate("document.documentElement.lang") == lang
    headings = page.locator("h1").all_inner_texts()
    assert len(headings) == 1, f"{url} has {len(headings)} h1 elements: {headings}"
    violations = axe(page)
    assert not violations, f"axe-core found violations on {url}:\n{axe.report(violations)}"
    browser_errors.assert_none()


def test_axe_reports_a_real_violation(page, url_for, axe):
    """The checker itself works: an image without alternative text is caught."""
    page.goto(url_for("home", "fi"))
    page.evaluate(
        "() => { const img = document.createElement('img');"
        " img.src = document.querySelector('link[rel=icon]').href;"
        " document.querySelector('main').append(img); }"
    )

    violations = axe(page)

    assert "image-alt" in {violation["id"] for violation in violations}, axe.report(violations)
    assert "image-alt" in axe.report(violations)


def test_fallback_text_is_marked_with_its_language(page, programme, url_for):
    """The Swedish programme page shows the Finnish-only description honestly (WCAG 3.1.2)."""
    page.goto(url_for("programme", "sv"))

    note = page.locator(".language-note").first
    assert note.is_visible()
    assert note.inner_text().strip() == "Endast på finska"
    passage = page.locator('main .prose[lang="fi"]')
    assert passage.count() >= 1
    assert "Mukaan tullaan lupauksella" in passage.first.inner_text()
