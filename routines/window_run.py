"""One drill window while it runs: the tracker, the live gauge, the cues, and what it leaves
behind (a :class:`~postrun.report.WindowRecord` and a :class:`WindowSummary`).

Cues go through a small seam, :class:`CueSelector`: the session asks it every frame which cue
to show; :class:`postrun.routines.cues.CueSelector` is the one it uses unless told otherwise.
"""

from __future__ import annotations

import math
from collections import Counter, deque
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Protocol

from postrun.report import Cue, WindowRecord
from postrun.routines.cues import SWITCH_LEGS
from postrun.routines.drills.spec import DrillSpec
from postrun.routines.drills.tracker import TRAVELLING_KEY, DrillTracker, RepEvent
from postrun.routines.metrics import Side
from postrun.routines.routine import RoutineWindow
from postrun.routines.thresholds import Thresholds

GAUGE_SWING_S = 2.0  # a swing gauge shows the range of the last this-many seconds
EXTRA_CUES: Mapping[str, str] = {"same_side_repeated": SWITCH_LEGS}


class CueSelector(Protocol):
    """Which cue to show now, given the reps this frame completed (may be none), and its kind
    (fix / praise / view) for the overlay's colour."""

    @property
    def kind(self) -> str | None: ...

    def update(
        self, t_s: float, reps: Sequence[RepEvent], features: Mapping[str, float]
    ) -> str | None: ...


CueFactory = Callable[[DrillSpec], CueSelector]


def fault_cue(spec: DrillSpec, fault: str) -> str:
    rule = next((f for f in spec.faults if f.id == fault), None)
    return rule.cue if rule is not None else EXTRA_CUES.get(fault, fault.replace("_", " "))


@dataclass(frozen=True)
class WindowSummary:
    """What the summary card shows after a window."""

    index: int
    drill: str
    title: str
    side: Side | None
    reps: Mapping[Side, int]
    best_label: str  # the drill's key measure ("knee height", "swing range")
    best: float | None  # its best value over the reps
    target: float  # the line below (or above) which the measure is a fault
    main_fault: str | None  # the most frequent fault id
    main_cue: str | None  # its cue, the one thing to fix

    def text(self) -> str:
        counts = f"{self.reps['left']} left, {self.reps['right']} right"
        if self.side is not None:
            counts = f"{self.reps[self.side]} {self.side}"
        best = f"best {self.best_label} {self.best:.0f}" if self.best is not None else ""
        fix = f"next time: {self.main_cue}" if self.main_cue else "good form"
        return " · ".join(part for part in (counts, best, fix) if part)


def higher_is_better(spec: DrillSpec) -> bool:
    return spec.gauge.target_key.endswith("_below")


class WindowRun:
    """Feeds one window's frames to its drill tracker and keeps what the report needs."""

    def __init__(
        self,
        index: int,
        window: RoutineWindow,
        spec: DrillSpec,
        thresholds: Thresholds,
        cues: CueSelector,
        start_s: float,
        neutral: Mapping[str, float | None] | None = None,
    ) -> None:
        """``neutral``: the calibration's standing values (see :class:`DrillTracker`)."""
        self.index = index
        self.window = window
        self.spec = spec
        self.tracker = DrillTracker(spec, thresholds, window.side, neutral)
        self.target = float(self.tracker.limits[spec.gauge.target_key])
        self.cues = cues
        self.start_s = start_s
        self.cue_log: list[Cue] = []
        self.cue: str | None = None
        self.gauge: float | None = None
        self.frames = 0
        self.pose_frames = 0
        self._swing: dict[Side, deque[tuple[float, float]]] = {
            s: deque() for s in self.tracker.sides
        }

    def update(
        self,
        t_s: float,
        features: Mapping[str, float] | None,
        signals: Mapping[str, float] | None,
    ) -> list[RepEvent]:
        """One frame; ``features`` None when nobody is in view (the frame still counts)."""
        self.frames += 1
        # The tracker sees the empty frames too: a person gone for a while and back is no
        # one standing in place (as in offline analysis, whose frames without a pose are NaN).
        events = self.tracker.update(t_s, features or {}, signals or features or {})
        if features is not None:
            self.pose_frames += 1
            self.gauge = self._gauge(t_s, features, signals or features)
        else:
            self.gauge = None
        self._cue(t_s, events, features or {})
        return events

    def finish(self, end_s: float) -> WindowRecord:
        """Close the window (also a partial one): the tracker's open cycle counts."""
        events = self.tracker.finish()
        if events:
            self._cue(end_s, events, {})
        return WindowRecord(
            index=self.index,
            drill=self.spec.id,
            side=self.window.side,
            start_s=self.start_s,
            end_s=end_s,
            reps=tuple(self.reps),
            frames=self.frames,
            pose_frames=self.pose_frames,
            cues=tuple(self.cue_log),
        )

    def judged(self, features: Mapping[str, float]) -> bool:
        """Whether this frame's rep signal could be judged (seen well enough) on a working side."""
        keys = (f"{side}_{self.spec.signal}" for side in self.tracker.sides)
        return any(math.isfinite(features.get(key, math.nan)) for key in keys)

    @property
    def reps(self) -> list[RepEvent]:
        """The window's reps so far, as the tracker now names them (side-on it may rename
        earlier ones once more reps show which leg went first)."""
        return self.tracker.events

    @property
    def counts(self) -> dict[Side, int]:
        counts: dict[Side, int] = {"left": 0, "right": 0}
        for rep in self.reps:
            counts[rep.side] += 1
        return counts

    def summary(self) -> WindowSummary:
        metric = self.spec.gauge.metric
        values = [v for r in self.reps if (v := r.metrics.get(metric)) is not None]
        values = [v for v in values if math.isfinite(v)]
        best = (max if higher_is_better(self.spec) else min)(values) if values else None
        faults = Counter(f for r in self.reps for f in r.faults)
        main = faults.most_common(1)[0][0] if faults else None
        return WindowSummary(
            index=self.index,
            drill=self.spec.id,
            title=self.spec.title,
            side=self.window.side,
            reps=self.counts,
            best_label=self.spec.gauge.label,
            best=best,
            target=self.target,
            main_fault=main,
            main_cue=fault_cue(self.spec, main) if main else None,
        )

    def _cue(self, t_s: float, events: Sequence[RepEvent], features: Mapping[str, float]) -> None:
        if features and self.tracker.travelling:
            features = {**features, TRAVELLING_KEY: 1.0}
        text = self.cues.update(t_s, events, features)
        if text is not None and text != self.cue:  # the selector decides when to repeat
            self.cue_log.append(Cue(t_s, text))
        self.cue = text

    def _gauge(
        self, t_s: float, features: Mapping[str, float], signals: Mapping[str, float]
    ) -> float | None:
        """The key measure now: a swing's range over the last seconds, else the working leg's
        value (the one nearer the target's good side)."""
        metric = self.spec.gauge.metric
        values = []
        for side in self.tracker.sides:
            if metric == self.spec.swing_metric:
                value = self._swing_range(side, t_s, signals.get(f"{side}_{self.spec.range_key}"))
            else:
                value = features.get(f"{side}_{metric}", features.get(metric))
            if value is not None and math.isfinite(value):
                values.append(value)
        if not values:
            return None
        return max(values) if higher_is_better(self.spec) else min(values)

    def _swing_range(self, side: Side, t_s: float, value: float | None) -> float | None:
        recent = self._swing[side]
        if value is not None and math.isfinite(value):
            recent.append((t_s, value))
        while recent and recent[0][0] < t_s - GAUGE_SWING_S:
            recent.popleft()
        if not recent:
            return None
        seen = [v for _, v in recent]
        return max(seen) - min(seen)
