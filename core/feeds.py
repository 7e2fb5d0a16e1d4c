"""The Atom feed type every feed of the portal uses: robust to control characters.

Django's XML writer raises UnserializableContentError on a control character, so one
entry stored with `\\x01` in its title (or its organisation's name) would answer 500 to
every reader of the feed. The characters are dropped from every text of the feed instead.
"""

from django.utils.feedgenerator import Atom1Feed

from core.text import xml_safe


def _clean(value):
    if isinstance(value, str):
        return xml_safe(value)
    if isinstance(value, list | tuple):
        return type(value)(_clean(item) for item in value)
    return value


class XmlSafeAtom1Feed(Atom1Feed):
    def write(self, outfile, encoding) -> None:
        self.feed = {key: _clean(value) for key, value in self.feed.items()}
        self.items = [{key: _clean(value) for key, value in item.items()} for item in self.items]
        super().write(outfile, encoding)
