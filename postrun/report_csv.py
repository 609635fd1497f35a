"""reps.csv: one row per rep of a schema-v1 report, for spreadsheets.

Columns: ``window`` (index), ``drill``, ``window_side`` (the working side of a one-sided window,
blank when legs alternate), ``t_s`` (the rep's peak, seconds from the source's start), ``side``
(the person's anatomical side), then every metric any rep recorded, each in its own column in
the order first seen (blank when that rep did not measure it), then ``faults`` joined with ";".
"""

from __future__ import annotations

import csv
import math
from collections.abc import Mapping
from pathlib import Path
from typing import IO, Any

from postrun.atomic import write_with

FIXED = ("window", "drill", "window_side", "t_s", "side")


def _cell(value: Any) -> str:
    if value is None or isinstance(value, bool):
        return "" if value is None else str(value).lower()
    if isinstance(value, float):
        return "" if not math.isfinite(value) else repr(value)
    return str(value)


def windows_of(report: Mapping[str, Any]) -> list[Mapping[str, Any]]:
    """The report's windows, tolerating a hand-edited or truncated report."""
    windows = report.get("windows")
    return [w for w in windows if isinstance(w, Mapping)] if isinstance(windows, list) else []


def reps_of(window: Mapping[str, Any]) -> list[Mapping[str, Any]]:
    events = window.get("rep_events")
    return [r for r in events if isinstance(r, Mapping)] if isinstance(events, list) else []


def _metrics(rep: Mapping[str, Any]) -> Mapping[str, Any]:
    metrics = rep.get("metrics")
    return metrics if isinstance(metrics, Mapping) else {}


def reps_table(report: Mapping[str, Any]) -> tuple[list[str], list[list[str]]]:
    """The header and the rows of reps.csv."""
    metric_names: dict[str, None] = {}
    for window in windows_of(report):
        for rep in reps_of(window):
            for name in _metrics(rep):
                metric_names.setdefault(str(name), None)
    header = [*FIXED, *metric_names, "faults"]
    rows = []
    for window in windows_of(report):
        for rep in reps_of(window):
            metrics = {str(k): v for k, v in _metrics(rep).items()}
            faults = rep.get("faults")
            rows.append(
                [
                    _cell(window.get("index")),
                    _cell(window.get("drill")),
                    _cell(window.get("side")),
                    _cell(rep.get("t_s")),
                    _cell(rep.get("side")),
                    *(_cell(metrics.get(name)) for name in metric_names),
                    ";".join(str(f) for f in faults) if isinstance(faults, list) else "",
                ]
            )
    return header, rows


def write_reps_csv(report: Mapping[str, Any], path: Path) -> None:
    """Write reps.csv for ``report`` to ``path``, atomically."""
    header, rows = reps_table(report)

    def write(handle: IO[str]) -> None:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(rows)

    write_with(Path(path), write)
