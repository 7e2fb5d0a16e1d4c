"""At 320 CSS pixels (WCAG 1.4.10 reflow) nothing makes the page scroll sideways."""

import pytest

# Elements whose box reaches past the right edge of the viewport, for an actionable message.
OVERFLOWING_JS = """() => {
  const limit = document.documentElement.clientWidth + 0.5;
  const found = [];
  for (const el of document.body.querySelectorAll('*')) {
    const r = el.getBoundingClientRect();
    if (r.width > 0 && r.right > limit) {
      const id = el.id ? '#' + el.id : '';
      const cls = typeof el.className === 'string' && el.className
        ? '.' + el.className.trim().split(/\\s+/).join('.') : '';
      found.push(`${el.tagName.toLowerCase()}${id}${cls} right=${Math.round(r.right)}`);
    }
  }
  return found.slice(0, 15);
}"""


@pytest.mark.parametrize("lang", ["fi", "sv"])
@pytest.mark.parametrize("key", ["home", "programme", "themes", "theme-4", "not-found"])
def test_no_horizontal_scrolling_at_320px(page, programme, url_for, key, lang):
    page.set_viewport_size({"width": 320, "height": 640})

    page.goto(url_for(key, lang))

    scroll_width = page.evaluate("document.documentElement.scrollWidth")
    overflowing = page.evaluate(OVERFLOWING_JS)
    assert scroll_width <= 320, f"scrollWidth {scroll_width} > 320; overflowing: {overflowing}"
    assert not overflowing, f"elements reach past the right edge: {overflowing}"


def test_main_navigation_wraps_instead_of_hiding_links(page, programme, url_for):
    page.set_viewport_size({"width": 320, "height": 640})
    page.goto(url_for("programme", "sv"))

    links = page.locator(".main-nav a")
    assert links.count() >= 3
    for link in links.all():
        box = link.bounding_box()
        assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= 320, box
        assert link.is_visible()
