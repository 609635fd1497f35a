"""What report.html needs to know about a drill: its title, its key measure and target, and its
cues, from the drill registry and the thresholds the run used (an unknown drill still renders)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache

UNITS = {"ankle_cross": "hip widths"}  # metrics that are not angles; angles end in _deg
OTHER_CUES = {"same_side_repeated": "Alternate legs"}


@dataclass(frozen=True)
class Measure:
    """A drill's key measure (its gauge) and the target it is judged against."""

    metric: str | None
    label: str
    target: float | None
    at_least: bool  # True: the target is a minimum (">= target"), False: a maximum

    def unit(self) -> str:
        if self.metric is None:
            return ""
        return "°" if self.metric.endswith("_deg") else UNITS.get(self.metric, "")

    def fmt(self, value: float | None) -> str:
        if value is None:
            return "not measured"
        unit = self.unit()
        if unit == "°":
            return f"{value:.0f}°"
        return f"{value:.2f}\u00a0{unit}".rstrip()

    def meets(self, value: float) -> bool:
        assert self.target is not None
        return value >= self.target if self.at_least else value <= self.target

    def target_text(self) -> str:
        if self.target is None:
            return "no target"
        return f"{'≥' if self.at_least else '≤'} {self.fmt(self.target)}"


@dataclass(frozen=True)
class DrillInfo:
    title: str
    measure: Measure
    cues: Mapping[str, str]  # fault id -> cue text
    priority: Mapping[str, int]  # fault id -> the drill's cue priority (lower first)


@lru_cache(maxsize=4)
def _thresholds(level: str) -> Mapping[str, Mapping[str, float]]:
    """The bundled thresholds at the report's level (a user's file: the report's overrides)."""
    from postrun.routines.thresholds import LEVELS, load_thresholds

    try:
        return load_thresholds(next((lvl for lvl in LEVELS if lvl == level), "default")).drills
    except Exception:  # a broken thresholds file must not cost the runner their report
        return {}


def drill_info(
    drill: str, level: str, overrides: Mapping[str, Mapping[str, float]] | None = None
) -> DrillInfo:
    """``overrides``: section -> key -> value from the user's thresholds file, over the level's."""
    from postrun.routines.drills import DRILLS

    spec = DRILLS.get(drill)
    if spec is None:
        return DrillInfo(drill, Measure(None, "key measure", None, True), dict(OTHER_CUES), {})
    key = spec.gauge.target_key
    target = (overrides or {}).get(drill, {}).get(key, _thresholds(level).get(drill, {}).get(key))
    rule = next((f for f in spec.faults if f.threshold_key == spec.gauge.target_key), None)
    at_least = rule is None or rule.direction == "below"
    measure = Measure(spec.gauge.metric, spec.gauge.label, target, at_least)
    cues = {**OTHER_CUES, **{f.id: f.cue for f in spec.faults}}
    return DrillInfo(spec.title, measure, cues, {f.id: f.priority for f in spec.faults})
