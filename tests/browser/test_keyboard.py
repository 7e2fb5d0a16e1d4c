"""Keyboard use: skip link, a visible focus indicator everywhere, the language switcher."""

import pytest

# Whether an element is really seen: a real box, inside the viewport, not clipped away and
# not covered (hit testing honours clip-path and overlapping elements).
ON_SCREEN_JS = """el => {
  const r = el.getBoundingClientRect();
  if (r.width <= 1 || r.height <= 1) return false;
  if (r.right <= 0 || r.bottom <= 0 || r.left >= innerWidth || r.top >= innerHeight) return false;
  if (getComputedStyle(el).visibility === 'hidden') return false;
  const hit = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
  return hit !== null && (hit === el || el.contains(hit));
}"""

# A description of the focused element and of its focus indicator: the element's own
# outline, or that of the card around it when the whole card is the indicator.
FOCUS_JS = """() => {
  const el = document.activeElement;
  if (!el || el === document.body) return null;
  const describe = node => {
    const s = getComputedStyle(node);
    return {style: s.outlineStyle, width: parseFloat(s.outlineWidth) || 0};
  };
  let ring = describe(el);
  const card = el.closest('.card');
  if ((ring.style === 'none' || ring.width === 0) && card) ring = describe(card);
  const label = (el.getAttribute('aria-label') || el.textContent || '').trim().slice(0, 40);
  return {tag: el.tagName.toLowerCase(), cls: el.className, label, href: el.getAttribute('href'),
          ring, skip: el.classList.contains('skip-link')};
}"""


def test_first_tab_shows_skip_link_which_moves_focus_to_main(page, url_for, browser_errors):
    page.goto(url_for("home", "fi"))
    skip_link = page.locator("a.skip-link")
    assert not skip_link.evaluate(ON_SCREEN_JS), "the skip link is visible before it has focus"

    page.keyboard.press("Tab")

    focused = page.evaluate(FOCUS_JS)
    assert focused is not None and focused["skip"], f"first Tab stop is {focused}"
    assert skip_link.evaluate(ON_SCREEN_JS), "the focused skip link is not visible"
    assert focused["ring"]["style"] != "none" and focused["ring"]["width"] >= 2, focused

    page.keyboard.press("Enter")

    page.wait_for_function("document.activeElement && document.activeElement.id === 'main'")
    assert page.url.endswith("#main")
    assert not skip_link.evaluate(ON_SCREEN_JS), "the skip link stays visible after use"
    # The next Tab continues inside the main content, not at the top of the page.
    page.keyboard.press("Tab")
    assert page.evaluate("document.querySelector('main').contains(document.activeElement)")
    browser_errors.assert_none()


@pytest.mark.parametrize("key", ["home", "programme", "theme-2"])
def test_every_tab_stop_has_a_visible_focus_indicator(page, programme, url_for, key):
    page.goto(url_for(key, "fi"))
    seen, missing = [], []

    for _ in range(120):
        page.keyboard.press("Tab")
        focused = page.evaluate(FOCUS_JS)
        if focused is None or (focused["skip"] and seen):
            break  # back at the start: every stop has been visited
        seen.append(focused)
        ring = focused["ring"]
        if ring["style"] == "none" or ring["width"] < 2:
            missing.append(focused)

    assert len(seen) >= 10, f"only {len(seen)} tab stops found: {seen}"
    assert not missing, "tab stops without a 2 px focus outline:\n" + "\n".join(map(str, missing))


@pytest.mark.parametrize(("from_lang", "to_lang"), [("fi", "sv"), ("sv", "fi")])
def test_language_switcher_leads_to_same_theme_in_other_language(
    page, themes, url_for, browser_errors, from_lang, to_lang
):
    theme = themes[3]
    start, target = url_for("theme-4", from_lang), url_for("theme-4", to_lang)
    assert start != target  # the slug and the path words differ per language
    page.goto(start)
    switch_link = f'nav.language-switcher a[hreflang="{to_lang}"]'

    visited = []
    for _ in range(15):
        page.keyboard.press("Tab")
        if page.evaluate(f"document.activeElement.matches('{switch_link}')"):
            break
        visited.append(page.evaluate(FOCUS_JS))
    else:
        pytest.fail(f"the {to_lang} link of the language switcher was not reached: {visited}")

    page.keyboard.press("Enter")

    page.wait_for_url(target)
    assert page.evaluate("document.documentElement.lang") == to_lang
    assert page.locator("h1").inner_text().strip() == getattr(theme, f"name_{to_lang}")
    current = page.locator("nav.language-switcher a[aria-current]")
    assert current.get_attribute("lang") == to_lang
    browser_errors.assert_none()
