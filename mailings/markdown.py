"""Newsletter bodies: Markdown to safe HTML for mail and the archive, and to plain text."""

import re

import markdown as markdown_lib
import nh3

ALLOWED_TAGS = {
    "p", "br", "hr", "h2", "h3", "h4", "strong", "em", "a", "ul", "ol", "li",
    "blockquote", "code", "pre", "img",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "img": {"src", "alt", "title"}}
_HEADING = re.compile(r"<(/?)h([1-5])>")
_LINK = re.compile(r"!?\[([^\]]*)\]\(([^)\s]+)(?:\s+\"[^\"]*\")?\)")


def markdown_html(source: str) -> str:
    """HTML for a Markdown body; headings start at h2 (the subject is the page's h1)."""
    html = markdown_lib.markdown(source or "", output_format="html")
    html = _HEADING.sub(lambda m: f"<{m.group(1)}h{min(int(m.group(2)) + 1, 4)}>", html)
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
