"""Remove the lines the HTML reader found in page furniture (menus, footers, share bars…)."""
from __future__ import annotations

from ..cleaner import Change, Cleaner, Outcome
from ..document import DocumentView


class HtmlStructure(Cleaner):
    """Drop text that came from ``<nav>``, ``<footer>``, ``<aside>``, forms and furniture containers.

    It runs first, while the text still has the reader's positions; on plain text it does nothing.
    The ``fast`` extractor keeps only the main content by default, so there is nothing left for
    this cleaner; with its option ``scope = "page"`` it reports everything else as regions here.
    Off by default: on trafilatura's HTML pages the default chain scored content F1 0.838 and
    date accuracy 0.859 without it, 0.828 and 0.841 with it (dates often sit in the page header
    it removes, before the byline cleaner sees them). ``--enable html_structure`` turns it on.
    """

    name = "html_structure"
    order = 5
    phase = "rewrite"
    enabled_by_default = False
    reasons = {
        "html_nav": "inside <nav>, a menu or a search form",
        "html_footer": "inside <footer>",
        "html_aside": "inside <aside>",
        "html_form": "inside a form or button",
        "html_header": "inside the site header (outside the article)",
        "html_furniture": "inside a container named as a menu, share bar, comments, cookie banner…",
        "html_outside_main": "outside the main content the HTML extractor found",
        "html_links": "a line of links, or an item of a list of links, inside the main content",
        "html_orphan_heading": "a heading whose section was left out",
        "html_comments": "a comment thread (the extractor's comments option is off)",
        "html_repeat": "a second copy of a line kept earlier",
        "html_related": "a related-links box (\"Related articles\", \"Mehr zum Thema\"…)",
        "html_isolated": "a short line far from any paragraph (options, prices, buttons, badges)",
        "html_edge": "a short line before the first or after the last paragraph (label, credit, print link)",
    }

    def clean(self, doc: DocumentView) -> Outcome:
        regions = doc.hints.get("html_regions")
        if not regions:
            return Outcome()
        n = len(doc.text)
        changes = [Change(s, e, r) for s, e, r in regions if 0 <= s < e <= n and r in self.reasons]
        return Outcome(changes)
