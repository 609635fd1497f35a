"""Reading a report's values tolerantly and formatting them for report.html.

A report may be hand-edited or cut short, so every reader here accepts missing or mistyped fields
and falls back to "not recorded" rather than failing.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime
from html import escape
from typing import Any

SIDES = ("left", "right")
GOOD_TRACKING = 0.9
FAIR_TRACKING = 0.7
DASH = "\u2013"  # en dash
TIMES = "\u00d7"  # multiplication sign


def e(value: object) -> str:
    """``value`` as text safe inside HTML elements and attribute values."""
    return escape(str(value), quote=True)


def num(value: Any) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return float(value) if math.isfinite(value) else None


def mean_of(values: Sequence[float]) -> float | None:
    return sum(values) / len(values) if values else None


def clock(seconds: float) -> str:
    whole = max(0, round(seconds))
    return f"{whole // 60}:{whole % 60:02d}"


def fault_name(fault_id: str) -> str:
    return fault_id.replace("_", " ").capitalize()


def date_texts(created: Any) -> tuple[str, str]:
    """(machine-readable, human) forms of the report's ``created`` time."""
    if not isinstance(created, str) or not created:
        return "", "Date not recorded"
    try:
        when = datetime.fromisoformat(created)
    except ValueError:
        return "", created
    return created, f"{when:%A} {when.day} {when:%B %Y}, {when:%H:%M}"


def tracking_share(frames: int, pose_frames: int) -> tuple[float | None, str]:
    if frames <= 0:
        return None, "no frames"
    share = pose_frames / frames
    word = "good" if share >= GOOD_TRACKING else "fair" if share >= FAIR_TRACKING else "poor"
    return share, word


def rep_counts(window: Mapping[str, Any]) -> dict[str, int]:
    reps = window.get("reps")
    counts = reps if isinstance(reps, Mapping) else {}
    return {s: int(counts.get(s, 0) or 0) for s in SIDES}


def metric_values(reps: Iterable[Mapping[str, Any]], metric: str | None, side: str) -> list[float]:
    if metric is None:
        return []
    out = []
    for rep in reps:
        metrics = rep.get("metrics")
        value = num(metrics.get(metric)) if isinstance(metrics, Mapping) else None
        if rep.get("side") == side and value is not None:
            out.append(value)
    return out


def threshold_settings(report: Mapping[str, Any]) -> tuple[str | None, dict[str, dict[str, float]]]:
    """(the user's thresholds file, its overrides: section -> key -> value) of a report's
    ``settings``; (None, {}) for a report written before they were recorded."""
    settings = report.get("settings")
    if not isinstance(settings, Mapping):
        return None, {}
    path = settings.get("thresholds_file")
    overrides: dict[str, dict[str, float]] = {}
    sections = settings.get("overrides")
    for section, values in sections.items() if isinstance(sections, Mapping) else ():
        if isinstance(values, Mapping):
            numbers = {str(k): num(v) for k, v in values.items()}
            overrides[str(section)] = {k: v for k, v in numbers.items() if v is not None}
    return (path if isinstance(path, str) and path else None), overrides
