"""Kept for the name documented before the ``exec`` package: see :mod:`cleankit.exec.dask`."""
from __future__ import annotations

from .exec.dask import clean_bag, clean_dataframe, iter_reports_dask, job_for

__all__ = ["clean_bag", "clean_dataframe", "iter_reports_dask", "job_for"]
