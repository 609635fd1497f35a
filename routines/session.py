"""The guided session: setup, calibration, then per window get-ready, active, summary.

Driven only by frames: ``Session.update(t_s, pose, features, signals, brightness)`` once per
frame, in time order, so a webcam and a recorded video run the same code. Phase clocks count
the frames' time while the phase runs (not while paused), and a phase's overshoot carries into
the next one, so window boundaries do not drift with the frame rate. Controls are method calls
(:meth:`Session.toggle_pause`, :meth:`Session.skip`, :meth:`Session.quit`) that act at the last
frame's time. Outputs: a :class:`SessionView` per frame for the overlay, and
:meth:`Session.windows` (finished windows, plus the running one cut short) for the report.

``features`` / ``signals`` are the per-frame features of :mod:`postrun.routines.features`, gated
by visibility and ungated (``signals`` defaults to ``features``). After calibration, compute
them with ``up=session.calibration.up`` so a tilted camera does not read as a leaning trunk.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

import numpy as np

from postrun.report import WindowRecord
from postrun.routines.calibration import (
    Calibration,
    Calibrator,
    FramingLimits,
    check_framing,
    present,
)
from postrun.routines.cues import CueSelector
from postrun.routines.drills import DRILLS
from postrun.routines.metrics import Side
from postrun.routines.routine import Routine, RoutineWindow
from postrun.routines.session_view import Phase, SessionView, card
from postrun.routines.thresholds import Level, Thresholds, load_thresholds
from postrun.routines.window_run import CueFactory, WindowRun, WindowSummary
from postrun.vision.landmarks import INDEX
from postrun.vision.types import Pose

__all__ = ["PAUSABLE", "Phase", "Session", "SessionTiming", "SessionView"]

_TRACKED = (
    ("left_shoulder", "right_shoulder"),
    ("left_hip", "right_hip"),
    ("left_ankle", "right_ankle"),
)
PAUSABLE = (Phase.GET_READY, Phase.SIDE_SWITCH, Phase.ACTIVE)


@dataclass(frozen=True)
class SessionTiming:
    setup_hold_s: float = 1.5  # the framing must hold this long
    calibrate_s: float = 3.0  # standing tall and still
    absent_pause_s: float = 1.0  # out of view longer than this pauses a window
    framing: FramingLimits = field(default_factory=FramingLimits)


class Session:
    def __init__(
        self,
        routine: Routine,
        *,
        level: Level | None = None,
        thresholds: Callable[[Level], Thresholds] = load_thresholds,
        cues: CueFactory = CueSelector,
        timing: SessionTiming | None = None,
    ) -> None:
        """``level`` overrides the routine's levels; ``thresholds`` loads a level's thresholds
        (once per level); ``cues`` makes each window's cue selector."""
        self.routine = routine
        self.level = level
        self.timing = timing or SessionTiming()
        self._load = thresholds
        self._thresholds: dict[Level, Thresholds] = {}
        self._cues = cues
        self.phase = Phase.SETUP
        self.calibration: Calibration | None = None
        self.complete = False
        self.records: list[WindowRecord] = []  # finished windows, in order
        self.summary: WindowSummary | None = None  # of the last finished window
        self._index = -1
        self._run: WindowRun | None = None
        self._elapsed = 0.0
        self._since: float | None = None  # setup: framing good since; calibrate: started
        self._calibrator = Calibrator()
        self._guidance = ""
        self._paused_from: Phase | None = None
        self._manual_pause = False
        self._absent_since: float | None = None
        self._t: float | None = None
        self._tracking = False
        self.view = self._view()

    # ----------------------------------------------------------------- frames
    def update(
        self,
        t_s: float,
        pose: Pose | None,
        features: Mapping[str, float],
        signals: Mapping[str, float] | None = None,
        brightness: float | None = None,
    ) -> SessionView:
        if self._t is not None and t_s < self._t:
            raise ValueError(f"frames must come in time order: {t_s} after {self._t}")
        dt = 0.0 if self._t is None else t_s - self._t
        self._t = t_s
        if self.phase is Phase.DONE:
            return self.view
        here = present(pose)
        self._absent_since = None if here else (self._absent_since or t_s)
        self._tracking = here and pose is not None and _tracked(pose)
        if self.phase is Phase.PAUSED and not self._manual_pause and here:
            self._resume()
        absent_s = 0.0 if self._absent_since is None else t_s - self._absent_since
        if self.phase in PAUSABLE and absent_s > self.timing.absent_pause_s:
            self._pause(manual=False)
        if self.phase is Phase.SETUP:
            self._setup(t_s, pose, brightness)
        elif self.phase is Phase.CALIBRATE:
            self._calibrate(t_s, pose, features, brightness)
        elif self.phase is not Phase.PAUSED:
            self._elapsed += dt
            self._advance(t_s)
            if self.phase is Phase.ACTIVE and self._run is not None:
                self._run.update(t_s, features if here else None, signals)
                self._tracking = self._tracking and self._run.judged(features)
        self.view = self._view()
        return self.view

    def _setup(self, t_s: float, pose: Pose | None, brightness: float | None) -> None:
        framing = check_framing(pose, brightness, self.timing.framing)
        self._guidance = framing.guidance
        if not framing.ok:
            self._since = None
            return
        if self._since is None:
            self._since = t_s
        if t_s - self._since >= self.timing.setup_hold_s:
            self.phase = Phase.CALIBRATE
            self._since = t_s
            self._calibrator.reset()
            self._guidance = "Stand tall and still, arms by your sides"

    def _calibrate(
        self,
        t_s: float,
        pose: Pose | None,
        features: Mapping[str, float],
        brightness: float | None,
    ) -> None:
        framing = check_framing(pose, brightness, self.timing.framing)
        if not framing.ok or pose is None or framing.body_height is None:
            self.phase = Phase.SETUP
            self._since = None
            self._guidance = framing.guidance
            return
        restart = self._calibrator.add(pose, features, framing.body_height)
        if restart is not None:
            self._since = t_s
            self._guidance = restart
            return
        if t_s - (self._since or t_s) >= self.timing.calibrate_s:
            self.calibration = self._calibrator.result()
            self._next_window(t_s, overshoot=0.0)

    def _advance(self, t_s: float) -> None:
        """Move through every phase whose time is up (several when a phase lasts 0 s)."""
        while self.phase in (Phase.GET_READY, Phase.SIDE_SWITCH, Phase.ACTIVE, Phase.SUMMARY):
            window = self._window
            length = {
                Phase.ACTIVE: window.duration_s,
                Phase.SUMMARY: window.summary_s,
            }.get(self.phase, window.get_ready_s)
            if self._elapsed < length:
                return
            overshoot = self._elapsed - length
            if self.phase is Phase.ACTIVE:
                self._close_window(t_s - overshoot)
                self._enter(Phase.SUMMARY, overshoot)
            elif self.phase is Phase.SUMMARY:
                self._next_window(t_s, overshoot)
            else:
                self._start_active(t_s - overshoot, overshoot)

    # --------------------------------------------------------------- controls
    def toggle_pause(self) -> None:
        """Pause (any phase but DONE) or resume what was paused."""
        if self.phase is Phase.PAUSED:
            self._resume()
        elif self.phase is not Phase.DONE:
            self._pause(manual=True)
        self.view = self._view()

    def skip(self) -> None:
        """Skip what is on now: setup and calibration (no calibration), a get-ready card (the
        window is not done), an active window (kept, cut short) or a summary."""
        if self.phase is Phase.PAUSED:
            self.phase = self._paused_from or Phase.SETUP
            self._paused_from, self._manual_pause = None, False
        if self.phase is Phase.ACTIVE:
            self._close_window(self._t or 0.0)
        if self.phase is not Phase.DONE:
            self._next_window(self._t or 0.0, 0.0)
        self.view = self._view()

    def quit(self) -> None:
        """End now, incomplete; a window in progress is kept as far as it went."""
        if self.phase is Phase.DONE:
            return
        if self._run is not None:
            self._close_window(self._t or self._run.start_s)
        self.phase = Phase.DONE
        self.complete = False
        self.view = self._view()

    # ---------------------------------------------------------------- outputs
    @property
    def window_count(self) -> int:
        return len(self.routine.windows)

    @property
    def done(self) -> bool:
        return self.phase is Phase.DONE

    def windows(self) -> list[WindowRecord]:
        """Finished windows, plus the one running now cut at the last frame (for a report
        written mid-session)."""
        if self._run is None:
            return list(self.records)
        partial = WindowRecord(
            index=self._run.index,
            drill=self._run.spec.id,
            side=self._run.window.side,
            start_s=self._run.start_s,
            end_s=self._t if self._t is not None else self._run.start_s,
            reps=tuple(self._run.reps),
            frames=self._run.frames,
            pose_frames=self._run.pose_frames,
            cues=tuple(self._run.cue_log),
        )
        return [*self.records, partial]

    # ------------------------------------------------------------ transitions
    @property
    def _window(self) -> RoutineWindow:
        return self.routine.windows[self._index]

    def _enter(self, phase: Phase, elapsed: float) -> None:
        self.phase = phase
        self._elapsed = elapsed

    def _next_window(self, t_s: float, overshoot: float) -> None:
        self._index += 1
        self._start_card(t_s, overshoot)

    def _start_card(self, t_s: float, overshoot: float) -> None:
        if self._index >= len(self.routine.windows):
            self.phase = Phase.DONE
            self.complete = True
            return
        window, before = self._window, self._previous()
        switch = before is not None and before.drill == window.drill and before.side != window.side
        self._enter(Phase.SIDE_SWITCH if switch else Phase.GET_READY, overshoot)
        self._advance(t_s)

    def _previous(self) -> RoutineWindow | None:
        return self.routine.windows[self._index - 1] if self._index > 0 else None

    def _start_active(self, start_s: float, overshoot: float) -> None:
        window = self._window
        spec = DRILLS[window.drill]
        level: Level = self.level or window.level or self.routine.level or "default"
        if level not in self._thresholds:
            self._thresholds[level] = self._load(level)
        neutral = {}
        if (
            self.calibration is not None
        ):  # the standing ankle, until the window sees the person stand
            ankles = self.calibration.neutral_ankle_dorsiflexion_deg
            neutral = {f"{side}_ankle_dorsiflexion_deg": v for side, v in ankles.items()}
        self._run = WindowRun(
            self._index, window, spec, self._thresholds[level], self._cues(spec), start_s, neutral
        )
        self._enter(Phase.ACTIVE, overshoot)

    def _close_window(self, end_s: float) -> None:
        run = self._run
        if run is None:
            return
        self.records.append(run.finish(end_s))
        self.summary = run.summary()
        self._run = None

    def _pause(self, *, manual: bool) -> None:
        self._paused_from = self.phase
        self._manual_pause = manual
        self.phase = Phase.PAUSED

    def _resume(self) -> None:
        self.phase = self._paused_from or Phase.SETUP
        self._paused_from, self._manual_pause = None, False
        if self.phase in (Phase.SETUP, Phase.CALIBRATE):
            self._since = None if self.phase is Phase.SETUP else self._t
            self._calibrator.reset()

    # ------------------------------------------------------------------- view
    def _view(self) -> SessionView:
        phase = self._paused_from if self.phase is Phase.PAUSED else self.phase
        run = self._run
        in_window = phase in (*PAUSABLE, Phase.SUMMARY)
        window = self._window if in_window and self._index in range(self.window_count) else None
        spec = DRILLS[window.drill] if window is not None else None
        title, instruction = card(phase, window, self._guidance, self.complete, self.summary)
        left = self._seconds_left(phase, window)
        if self.phase is Phase.PAUSED:
            title = "Paused"
            instruction = (
                "Resume when you are ready"
                if self._manual_pause
                else "Step back into view to carry on"
            )
        progress = 0.0
        if phase is Phase.ACTIVE and window is not None:
            progress = min(1.0, self._elapsed / window.duration_s)
        elif phase is Phase.SUMMARY:
            progress = 1.0
        reps: Mapping[Side, int] = {"left": 0, "right": 0}
        if run is not None:
            reps = run.counts
        elif phase is Phase.SUMMARY and self.summary is not None:
            reps = self.summary.reps
        return SessionView(
            t_s=self._t if self._t is not None else 0.0,
            phase=self.phase,
            title=title,
            instruction=instruction,
            seconds_left=left,
            window_index=self._index if self._index in range(self.window_count) else None,
            window_count=self.window_count,
            window_progress=progress,
            drill=spec.id if spec else None,
            side=window.side if window else None,
            reps=reps,
            last_rep=run.reps[-1] if run is not None and run.reps else None,
            cue=run.cue if run is not None else None,
            cue_kind=run.cues.kind if run is not None and run.cue is not None else None,
            gauge=run.gauge if run is not None else None,
            gauge_target=run.target if run is not None else None,
            gauge_label=spec.gauge.label if spec is not None and phase is Phase.ACTIVE else None,
            tracking_ok=self._tracking,
            paused_phase=self._paused_from if self.phase is Phase.PAUSED else None,
            summary=self.summary if phase is Phase.SUMMARY else None,
            complete=self.complete,
        )

    def _seconds_left(self, phase: Phase | None, window: RoutineWindow | None) -> float | None:
        if phase is Phase.CALIBRATE:
            since = self._since if self._since is not None else self._t
            return max(0.0, self.timing.calibrate_s - ((self._t or 0.0) - (since or 0.0)))
        if window is None or phase not in (*PAUSABLE, Phase.SUMMARY):
            return None
        length = {Phase.ACTIVE: window.duration_s, Phase.SUMMARY: window.summary_s}
        return max(0.0, length.get(phase, window.get_ready_s) - self._elapsed)


def _tracked(pose: Pose) -> bool:
    """A shoulder, a hip and an ankle seen well enough (a raised thigh may hide its own hip)."""
    vis = np.nan_to_num(np.asarray(pose.visibility, dtype=np.float64))
    return all(any(vis[INDEX[n]] >= 0.5 for n in group) for group in _TRACKED)
