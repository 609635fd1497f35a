"""Which one cue to show now: a drop-in :class:`~postrun.routines.window_run.CueSelector`.

Pure logic driven by the frames' timestamps (no clock of its own). The rules:

* one cue at a time: the highest-priority fault of the latest rep (its :class:`FaultRule` cue),
  ``same_side_repeated`` -> "Switch legs" first of all;
* a cue stays up at least ``hold_s`` before anything replaces it, a higher-priority fault
  included (a runner cannot read faster); what arrives meanwhile waits and shows when the hold
  ends, if it is still the latest rep's news; a fix cue stays up ``show_s`` in all, longer while
  the next reps repeat the same fault;
* no nagging: a cue is not put up again within ``repeat_s`` of the last time it was given,
  unless its fault persisted over ``persist_reps`` consecutive reps (then the next fault of the
  rep, if any, is told instead);
* praise (the drill's ``praise``) for a good rep right after a faulty one, or every third good
  rep in a row, at most once per ``praise_gap_s``;
* view cues when the drill's rep signal cannot be seen for more than ``view_s``: "Step into view"
  when nothing is seen, "Step back so your feet are in view" when the feet are out of view (also
  when the signal is seen but the drill needs the feet), "Turn side-on" / "Face the camera" when
  the body's yaw (the :data:`VIEW_YAW_KEY` feature) is outside the drill's ``yaw_range_deg``
  (the forward swing seen from the front, the lateral swing seen side-on); "Stay on the spot"
  while the tracker sees the body travel (``TRAVELLING_KEY``: reps done walking do not count);
* after a cue goes, the screen stays empty at least ``blank_s``, so a cue never flickers off and
  on.

Timestamps that go backwards or are not finite are taken as the last good one (never raised:
the live session must not die of a glitch); non-finite feature values count as not seen.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Literal

from postrun.routines.drills.spec import DrillSpec
from postrun.routines.drills.tracker import TRAVELLING_KEY, RepEvent
from postrun.routines.features import SIDES, VIEW_YAW_KEY

CueKind = Literal["fix", "praise", "view"]

SWITCH_LEGS = "Switch legs"
STEP_INTO_VIEW = "Step into view"
FEET_IN_VIEW = "Step back so your feet are in view"
WHOLE_BODY_IN_VIEW = "Step back so your whole body is in view"
STAY_ON_THE_SPOT = "Stay on the spot"
TURN_SIDE_ON = "Turn side-on"
FACE_CAMERA = "Face the camera"

EXTRA_FAULTS: Mapping[str, tuple[str, int]] = {"same_side_repeated": (SWITCH_LEGS, 0)}
# Features that need the ankle (and foot) in view: all NaN on both sides = the feet are out.
FOOT_FEATURES = ("knee_flexion_deg", "leg_elevation_deg", "ankle_dorsiflexion_deg")


@dataclass(frozen=True)
class ShownCue:
    """The cue on screen: its text, its kind (for the overlay's colour) and since when."""

    text: str
    kind: CueKind
    since_s: float


@dataclass(frozen=True)
class _Candidate:
    text: str
    kind: CueKind
    t_s: float
    fault: str | None = None


class CueSelector:
    """One drill window's cues (a ``CueFactory``: ``CueSelector(spec)``)."""

    def __init__(
        self,
        spec: DrillSpec,
        *,
        hold_s: float = 2.5,
        show_s: float = 3.0,
        repeat_s: float = 8.0,
        persist_reps: int = 3,
        praise_every: int = 3,
        praise_gap_s: float = 6.0,
        view_s: float = 1.5,
        blank_s: float = 0.5,
    ) -> None:
        self.spec = spec
        self.hold_s, self.show_s, self.repeat_s = hold_s, show_s, repeat_s
        self.persist_reps, self.praise_every = persist_reps, praise_every
        self.praise_gap_s = praise_gap_s
        self.view_s, self.blank_s = view_s, blank_s
        self.current: ShownCue | None = None
        self._until = -math.inf  # when the current fix/praise cue is due to go
        self._free_at = -math.inf  # when the screen may take a new cue
        self._pending: _Candidate | None = None
        self._last_given: dict[str, float] = {}
        self._last_praise = -math.inf
        self._streak: dict[str, int] = {}  # fault -> consecutive reps that had it
        self._good_run = 0
        self._last_faulty = False
        self._view_since: float | None = None
        self._t = -math.inf

    @property
    def kind(self) -> CueKind | None:
        """The kind of the cue on screen (fix / praise / view), None when there is none."""
        return self.current.kind if self.current is not None else None

    @property
    def text(self) -> str | None:
        return self.current.text if self.current is not None else None

    def update(
        self, t_s: float, reps: Sequence[RepEvent], features: Mapping[str, float]
    ) -> str | None:
        t = t_s if math.isfinite(t_s) and t_s >= self._t else self._t
        if not math.isfinite(t):
            return self.text  # no good timestamp yet: nothing can be timed
        self._t = t
        if reps:
            self._on_reps(t, sorted(reps, key=lambda r: r.t_s))
        view = self._view(t, features)
        self._decide(t, view)
        return self.text

    # -- reps -----------------------------------------------------------------------------

    def _on_reps(self, t: float, reps: Sequence[RepEvent]) -> None:
        after_fault = self._last_faulty
        for rep in reps:
            faulty = bool(rep.faults)
            for fault in set(self._streak) | set(rep.faults):
                self._streak[fault] = self._streak.get(fault, 0) + 1 if fault in rep.faults else 0
            self._good_run = 0 if faulty else self._good_run + 1
            after_fault, self._last_faulty = self._last_faulty, faulty
        latest = reps[-1]
        candidate = self._fix(t, latest) if latest.faults else self._praise(t, after_fault)
        current = self.current
        if candidate is not None and current is not None and candidate.text == current.text:
            if current.kind == "fix":  # the same fault again: keep it up, do not re-put it
                self._until = max(self._until, t + self.show_s)
                self._last_given[candidate.text] = t
            candidate = None
        self._pending = candidate  # the latest rep's news replaces older news

    def _rule(self, fault: str) -> tuple[str, int]:
        rule = next((f for f in self.spec.faults if f.id == fault), None)
        if rule is not None:
            return rule.cue, rule.priority
        return EXTRA_FAULTS.get(fault, (fault.replace("_", " ").capitalize(), 99))

    def _fix(self, t: float, rep: RepEvent) -> _Candidate | None:
        ranked = sorted(rep.faults, key=lambda f: self._rule(f)[1])
        for fault in ranked:
            text = self._rule(fault)[0]
            shown = self.current is not None and self.current.text == text
            recent = t - self._last_given.get(text, -math.inf) < self.repeat_s
            if shown or not recent or self._streak.get(fault, 0) >= self.persist_reps:
                return _Candidate(text, "fix", t, fault)
        return None

    def _praise(self, t: float, after_fault: bool) -> _Candidate | None:
        due = after_fault or (self._good_run > 0 and self._good_run % self.praise_every == 0)
        if due and t - self._last_praise >= self.praise_gap_s:
            return _Candidate(self.spec.praise, "praise", t)
        return None

    # -- view -----------------------------------------------------------------------------

    def _view(self, t: float, features: Mapping[str, float]) -> str | None:
        """The view cue due now (the problem has lasted more than ``view_s``), if any."""
        problem = self._view_problem(features)
        if problem is None:
            self._view_since = None
            return None
        if self._view_since is None:
            self._view_since = t
        return problem if t - self._view_since > self.view_s else None

    def _view_problem(self, features: Mapping[str, float]) -> str | None:
        def seen(key: str) -> bool:
            value = features.get(key, math.nan)
            return isinstance(value, int | float) and math.isfinite(value)

        if not any(seen(k) for k in features if k not in (VIEW_YAW_KEY, TRAVELLING_KEY)):
            return STEP_INTO_VIEW
        signal_seen = any(seen(f"{s}_{self.spec.signal}") for s in SIDES)
        feet_seen = any(seen(f"{s}_{name}") for s in SIDES for name in FOOT_FEATURES)
        if not feet_seen and (not signal_seen or "feet" in self.spec.needs):
            return FEET_IN_VIEW
        if not signal_seen:
            return WHOLE_BODY_IN_VIEW
        if features.get(TRAVELLING_KEY, 0.0) > 0.0:
            return STAY_ON_THE_SPOT  # reps done walking are not counted
        if seen(VIEW_YAW_KEY):
            lo, hi = self.spec.yaw_range_deg
            yaw = features[VIEW_YAW_KEY]
            if yaw < lo:
                return TURN_SIDE_ON
            if yaw > hi:
                return FACE_CAMERA
        return None

    # -- the screen -----------------------------------------------------------------------

    def _decide(self, t: float, view: str | None) -> None:
        current = self.current
        if current is not None and t < current.since_s + self.hold_s:
            return  # held: nothing replaces it yet
        if self._pending is not None and t - self._pending.t_s > self.hold_s + self.blank_s:
            self._pending = None  # stale: about a rep long gone
        if view is not None:
            if current is None or current.text != view:
                self._put(t, _Candidate(view, "view", t))
            return
        if current is not None and current.kind == "view":
            self._clear(t)  # the view is fixed: the cue has done its job
        if self._pending is not None and (self.current is not None or t >= self._free_at):
            self._put(t, self._pending)
            self._pending = None
        elif self.current is not None and t >= self._until:
            self._clear(t)

    def _put(self, t: float, cue: _Candidate) -> None:
        self.current = ShownCue(cue.text, cue.kind, t)
        self._until = t + self.show_s
        if cue.kind == "praise":
            self._last_praise = t
        elif cue.kind == "fix":
            self._last_given[cue.text] = t

    def _clear(self, t: float) -> None:
        self.current = None
        self._free_at = t + self.blank_s
