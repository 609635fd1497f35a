"""One drill, frame by frame: count reps per side, judge each at its peak, raise faults.

Feed :meth:`DrillTracker.update` the features of each frame (see :mod:`postrun.routines.features`)
in time order; it returns the reps that frame completed. Pure logic: no clock, no I/O.
"""

from __future__ import annotations

import math
from collections import deque
from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np

from postrun.routines.counting import Hysteresis, Peak, RepCounter
from postrun.routines.drills.spec import DrillSpec
from postrun.routines.features import OTHER, SIDES
from postrun.routines.metrics import Side
from postrun.routines.thresholds import Thresholds

PEAK_HALF_WINDOW_S = 0.1  # metrics are the median of the frames this close to the peak
NEUTRAL_WINDOW_S = 4.0  # a centred signal swings around its median over this long
SAME_SIDE_GAP_S = 5.0  # two reps on one leg closer than this were meant to alternate


@dataclass(frozen=True)
class RepEvent:
    t_s: float  # the peak
    side: Side
    metrics: Mapping[str, float | None]
    faults: tuple[str, ...]
    start_s: float
    end_s: float


class DrillTracker:
    def __init__(self, spec: DrillSpec, thresholds: Thresholds, side: Side | None = None):
        self.spec = spec
        self.limits = thresholds.of(spec.id)
        self.common = thresholds.common
        self.sides: tuple[Side, ...] = SIDES if spec.alternating or side is None else (side,)
        params = Hysteresis(
            enter=self.limits["count_enter"],
            exit=self.limits["count_exit"],
            min_duration_s=self.common["min_rep_s"],
            max_duration_s=self.common["max_rep_s"],
        )
        self._counters = {s: RepCounter(params) for s in self.sides}
        self._history: deque[tuple[float, Mapping[str, float]]] = deque()
        self._signals: deque[tuple[float, Mapping[str, float]]] = deque()
        self._last_peak: dict[Side, float] = {}
        self._last_rep: RepEvent | None = None
        self.reps: dict[Side, int] = {"left": 0, "right": 0}

    def update(
        self, t_s: float, features: Mapping[str, float], signals: Mapping[str, float]
    ) -> list[RepEvent]:
        """``features`` are gated by visibility (for judging); ``signals`` are the same features
        ungated, for counting: a rep half-hidden behind an arm still happened."""
        self._remember(t_s, features, signals)
        events = []
        for side in self.sides:
            value = signals.get(f"{side}_{self.spec.signal}", math.nan)
            if self.spec.centred:
                value -= self._neutral(side)
            peak = self._counters[side].update(t_s, value)
            if peak is not None:
                event = self._judge(side, peak)
                if event is not None:
                    events.append(event)
        return events

    def _remember(
        self, t_s: float, features: Mapping[str, float], signals: Mapping[str, float]
    ) -> None:
        self._history.append((t_s, features))
        self._signals.append((t_s, signals))
        keep_s = max(self.common["max_rep_s"], NEUTRAL_WINDOW_S) + 1.0
        while self._history and self._history[0][0] < t_s - keep_s:
            self._history.popleft()
            self._signals.popleft()

    def _series(self, key: str, start_s: float, end_s: float, raw: bool = False) -> np.ndarray:
        frames = self._signals if raw else self._history
        return np.array(
            [f.get(key, math.nan) for t, f in frames if start_s <= t <= end_s], dtype=float
        )

    def _median(self, key: str, start_s: float, end_s: float, raw: bool = False) -> float | None:
        values = self._series(key, start_s, end_s, raw)
        values = values[np.isfinite(values)]
        return float(np.median(values)) if values.size else None

    def _neutral(self, side: Side) -> float:
        t_now = self._history[-1][0]
        key = f"{side}_{self.spec.signal}"
        neutral = self._median(key, t_now - NEUTRAL_WINDOW_S, t_now, raw=True)
        return 0.0 if neutral is None else neutral

    def _judge(self, side: Side, peak: Peak) -> RepEvent | None:
        lo, hi = peak.peak_s - PEAK_HALF_WINDOW_S, peak.peak_s + PEAK_HALF_WINDOW_S
        stance = self._median(f"{OTHER[side]}_hip_flexion_deg", lo, hi)
        if stance is not None and stance > self.common["stance_max_deg"]:
            return None  # both legs bent: a squat or a jump, not this drill
        if not self.spec.alternating and self._stance_moved(side, peak):
            return None  # both legs moving: walking or marching, not a one-leg swing
        metrics: dict[str, float | None] = {}
        for name in self.spec.rep_metrics:
            key = name if name == "trunk_lean_deg" else f"{side}_{name}"
            metrics[name] = self._median(key, lo, hi)
        if self.spec.swing_metric is not None:
            metrics[self.spec.swing_metric] = self._swing_range(side, peak)
            metrics["trunk_lean_deg"] = self._cycle_trunk_lean(side, peak)
        faults = [
            rule.id
            for rule in sorted(self.spec.faults, key=lambda r: r.priority)
            if rule.violated(metrics.get(rule.metric), self.limits[rule.threshold_key])
        ]
        last = self._last_rep
        if (
            self.spec.alternating
            and last is not None
            and last.side == side
            and peak.peak_s - last.t_s < SAME_SIDE_GAP_S
        ):
            faults.append("same_side_repeated")
        self._last_peak[side] = peak.peak_s
        self.reps[side] += 1
        event = RepEvent(peak.peak_s, side, metrics, tuple(faults), peak.start_s, peak.end_s)
        self._last_rep = event
        return event

    def _stance_moved(self, side: Side, peak: Peak) -> bool:
        """Whether the other leg swung too during this cycle (robust to brief label swaps)."""
        since = max(self._last_peak.get(side, -math.inf), peak.peak_s - 2.5)
        values = self._series(f"{OTHER[side]}_{self.spec.signal}", since, peak.end_s, raw=True)
        values = values[np.isfinite(values)]
        if values.size < 3:
            return False
        spread = float(np.percentile(values, 90) - np.percentile(values, 10))
        return bool(spread > self.common["stance_still_max_deg"])

    def _cycle_trunk_lean(self, side: Side, peak: Peak) -> float | None:
        """A swing's sway: the trunk's lean near its worst over the cycle, not just at the peak."""
        since = max(self._last_peak.get(side, -math.inf), peak.peak_s - 3.0)
        values = self._series("trunk_lean_deg", since, peak.end_s)
        values = values[np.isfinite(values)]
        return float(np.percentile(values, 90)) if values.size else None

    def _swing_range(self, side: Side, peak: Peak) -> float | None:
        """The peak minus the lowest point since the previous peak: one full cycle's range."""
        key = f"{side}_{self.spec.signal}"
        since = max(self._last_peak.get(side, -math.inf), peak.peak_s - 3.0)
        before = self._series(key, since, peak.peak_s)
        before = before[np.isfinite(before)]
        top = self._median(key, peak.peak_s - PEAK_HALF_WINDOW_S, peak.peak_s + PEAK_HALF_WINDOW_S)
        return top - float(before.min()) if before.size >= 2 and top is not None else None
