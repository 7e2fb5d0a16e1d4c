"""The strict CSP is really enforced in the browser, and the error recorder notices breaches."""


def test_inline_script_is_blocked_and_reported(page, url_for, browser_errors):
    page.goto(url_for("home", "sv"))
    assert browser_errors.csp_violations == []

    page.evaluate(
        "() => { const s = document.createElement('script');"
        " s.textContent = 'window.inlineRan = true'; document.head.append(s); }"
    )

    for _ in range(40):  # console messages arrive asynchronously
        if browser_errors.csp_violations:
            break
        page.wait_for_timeout(50)
    assert page.evaluate("() => window.inlineRan === undefined")
    assert browser_errors.csp_violations, "the blocked inline script was not reported"
    assert "script-src" in " ".join(browser_errors.csp_violations)


def test_public_pages_load_nothing_from_other_hosts_and_no_script(page, programme, url_for):
    requests = []
    page.on("request", lambda request: requests.append((request.url, request.resource_type)))

    for key in ("home", "programme", "theme-1"):
        for lang in ("fi", "sv"):
            page.goto(url_for(key, lang))

    live = url_for("home", "fi").split("/fi/")[0] + "/"
    assert requests
    assert [url for url, _type in requests if not url.startswith(live)] == []
    # Public pages work without JavaScript: they do not load any.
    assert [url for url, kind in requests if kind == "script"] == []
    assert page.locator("script").count() == 0
