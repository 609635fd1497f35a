"""What the session shows: its phases, the per-frame view-model for the overlay, and the card
texts of each phase. Plain data and pure functions."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum

from postrun.routines.drills import DRILLS
from postrun.routines.drills.tracker import RepEvent
from postrun.routines.metrics import Side
from postrun.routines.routine import RoutineWindow
from postrun.routines.window_run import WindowSummary

FINISHED = "Well done. Drink, eat and sleep well; stretch for 30 to 60 s later today."


class Phase(StrEnum):
    SETUP = "setup"
    CALIBRATE = "calibrate"
    GET_READY = "get_ready"
    SIDE_SWITCH = "side_switch"  # the get-ready card of a window that changes the working leg
    ACTIVE = "active"
    SUMMARY = "summary"
    PAUSED = "paused"
    DONE = "done"


@dataclass(frozen=True)
class SessionView:
    """Everything the overlay draws for one frame; no behaviour."""

    t_s: float
    phase: Phase
    title: str
    instruction: str
    seconds_left: float | None  # in the current phase (frozen while paused)
    window_index: int | None  # 0-based, None before the first window
    window_count: int
    window_progress: float  # 0..1 through the active seconds of the window
    drill: str | None
    side: Side | None  # the working leg of a one-side window
    reps: Mapping[Side, int]
    last_rep: RepEvent | None  # the newest rep of this window, for colouring the skeleton
    cue: str | None
    cue_kind: str | None  # fix / praise / view: how the overlay colours it
    gauge: float | None
    gauge_target: float | None
    gauge_label: str | None
    tracking_ok: bool
    paused_phase: Phase | None = None  # what resumes after PAUSED
    summary: WindowSummary | None = None
    complete: bool = False


def card(
    phase: Phase | None,
    window: RoutineWindow | None,
    guidance: str,
    complete: bool,
    summary: WindowSummary | None,
) -> tuple[str, str]:
    """(title, instruction) of a phase: ``guidance`` is the setup or calibration hint."""
    if phase is Phase.SETUP:
        return "Get in position", guidance
    if phase is Phase.CALIBRATE:
        return "Stand tall", guidance
    if phase is Phase.DONE or window is None:
        if complete:
            return "Routine complete", FINISHED
        return "Session ended", "Your session so far is saved."
    spec = DRILLS[window.drill]
    title = spec.title if window.side is None else f"{spec.title}: {window.side} leg"
    if phase is Phase.SIDE_SWITCH:
        return f"Switch sides: {window.side} leg", spec.instruction
    if phase in (Phase.GET_READY, Phase.ACTIVE):
        return title, spec.instruction
    return f"{title}: done", summary.text() if summary is not None else ""
