"""SessionView -> CoachView -> picture: the session's state in the overlay's plain terms."""

from __future__ import annotations

from postrun.drill_demo import demo_points
from postrun.routines.drills import DRILLS
from postrun.routines.session_view import Phase, SessionView
from postrun.routines.window_run import higher_is_better
from postrun.vision.coach_overlay import CoachView, CueKind, Gauge, draw_coach
from postrun.vision.types import ImageArray, Pose

_LABELS = {
    Phase.SETUP: "SETUP",
    Phase.CALIBRATE: "CALIBRATE",
    Phase.GET_READY: "GET READY",
    Phase.SIDE_SWITCH: "SWITCH SIDES",
    Phase.ACTIVE: "GO",
    Phase.SUMMARY: "SUMMARY",
    Phase.PAUSED: "PAUSED",
    Phase.DONE: "DONE",
}


_CUE_KINDS: dict[str, CueKind] = {"fix": "fix", "praise": "praise", "view": "info"}


def coach_view(view: SessionView, mirrored: bool, fps: float) -> CoachView:
    window = None
    if view.window_index is not None:
        window = f"{view.window_index + 1} / {view.window_count}"
    gauge = None
    if view.drill is not None and view.phase is Phase.ACTIVE:
        spec = DRILLS[view.drill]
        unit = "°" if spec.gauge.metric.endswith("_deg") else ""
        gauge = Gauge(view.gauge, view.gauge_target, view.gauge_label or spec.gauge.label, unit,
                      higher_is_better(spec))  # fmt: skip
    summary = tuple(view.summary.text().split(" · ")) if view.summary is not None else ()
    demo = None
    if view.drill is not None and view.phase in (Phase.GET_READY, Phase.SIDE_SWITCH):
        demo = demo_points(view.drill, view.side, view.t_s, mirrored)
    return CoachView(
        phase=_LABELS[view.phase],
        title=view.title,
        instruction=view.instruction,
        seconds_left=view.seconds_left,
        progress=view.window_progress if view.phase is Phase.ACTIVE else None,
        window=window,
        reps_left=view.reps.get("left"),
        reps_right=view.reps.get("right"),
        side=view.side,
        cue=view.cue,
        cue_kind=_CUE_KINDS.get(view.cue_kind or "", "info"),
        gauge=gauge,
        tracking_ok=view.tracking_ok,
        fps=fps,
        summary=summary if view.phase in (Phase.SUMMARY, Phase.DONE) else (),
        mirrored=mirrored,
        demo=demo,
    )


def paint(
    image: ImageArray, pose: Pose | None, view: SessionView, mirrored: bool, fps: float
) -> ImageArray:
    return draw_coach(image, pose, coach_view(view, mirrored, fps))
