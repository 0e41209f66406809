"""cleankit's built-in cleaners and HTML extractors: a plugin registered through the ``cleankit`` entry point
like any other."""
from __future__ import annotations

from ..extractors import register_extractors  # noqa: F401  (the built-in HTML extractors ride on this plugin)
from ..hookspecs import RegisterCleaner, hookimpl
from .boilerplate import Boilerplate
from .byline import Byline
from .encoding import EncodingRepair
from .html_structure import HtmlStructure
from .junk import Junk
from .language import LanguageId
from .layout import Layout
from .navigation import Navigation
from .title import Title

BUILTIN_CLEANERS: tuple[type, ...] = (
    HtmlStructure, EncodingRepair, LanguageId, Navigation, Title, Byline, Junk, Boilerplate, Layout,
)


@hookimpl
def register_cleaners(register: RegisterCleaner) -> None:
    """Register every built-in cleaner."""
    for cls in BUILTIN_CLEANERS:
        register(cls)
