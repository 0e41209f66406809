"""The review report: one self-contained HTML page showing what a chain removed and why."""
from __future__ import annotations

from .page import ReportInfo, report, sample_in_order, write_report

__all__ = ["ReportInfo", "report", "sample_in_order", "write_report"]
