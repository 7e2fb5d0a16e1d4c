"""Newsletter bodies: Markdown to safe HTML for mail and the archive, and to plain text."""

import re

import markdown as markdown_lib
import nh3

ALLOWED_TAGS = {
    "p", "br", "hr", "h2", "h3", "h4", "strong", "em", "a", "ul", "ol", "li",
    "blockquote", "code", "pre", "img",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "img": {"src", "alt", "title"}}
_HEADING = re.compile(r"<(/?)h([1-6])>")
_LINK = re.compile(r"!?\[([^\]]*)\]\(([^)\s]+)(?:\s+\"[^\"]*\")?\)")


def _outline_headings(html: str) -> str:
    """Renumber headings so the highest one is h2 and none skips a level (WCAG 1.3.1).

    Authors write "## Title" or "### Title" as they like; a fixed shift turned "##" into h3
    straight under the page's h1. Each heading now goes at most one level deeper than the
    one before it, and h4 is the deepest the mail and archive styles know.
    """
    levels = [int(level) for closing, level in _HEADING.findall(html) if not closing]
    if not levels:
        return html
    # Rank of each distinct level: the highest becomes 2, the next 3, and so on.
    ranks = {level: 2 + index for index, level in enumerate(sorted(set(levels)))}
    mapping = []
    previous = 1  # the page's own h1 (the subject)
    for level in levels:
        new = min(ranks[level], previous + 1, 4)
        mapping.append(new)
        previous = new
    opened = iter(mapping)
    current = [2]

    def renumber(match: re.Match) -> str:
        if not match.group(1):
            current[0] = next(opened)
        return f"<{match.group(1)}h{current[0]}>"

    return _HEADING.sub(renumber, html)


def markdown_html(source: str) -> str:
    """HTML for a Markdown body; headings start at h2 (the subject is the page's h1)."""
    html = markdown_lib.markdown(source or "", output_format="html")
    html = _outline_headings(html)
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener",
    )


def markdown_text(source: str) -> str:
    """Plain text from the Markdown source: links as "text (url)", no emphasis marks."""
    lines = []
    for line in (source or "").replace("\r\n", "\n").split("\n"):
        line = _LINK.sub(
            lambda m: f"{m.group(1)} ({m.group(2)})" if m.group(1) else m.group(2), line
        )
        line = re.sub(r"^#{1,6}\s*", "", line)
        line = line.replace("**", "").replace("__", "")
        lines.append(line.rstrip())
    return "\n".join(lines).strip() + "\n"
