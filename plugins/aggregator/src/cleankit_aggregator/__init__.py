"""cleankit plugin for a French-language news aggregator that reposts articles ("Publié dans X le ...")."""
from __future__ import annotations

from cleankit import hookimpl

from .cleaner import Aggregator

__all__ = ["Aggregator", "register_cleaners"]
__version__ = "0.1.0"


@hookimpl
def register_cleaners(register) -> None:  # type: ignore[no-untyped-def]
    """Register the aggregator cleaner."""
    register(Aggregator)
