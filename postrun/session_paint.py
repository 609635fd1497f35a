"""SessionView -> CoachView -> picture: the session's state in the overlay's plain terms."""

from __future__ import annotations

from postrun.drill_demo import demo_points
from postrun.routines.drills import DRILLS
from postrun.routines.drills.tracker import RepEvent
from postrun.routines.session_view import Phase, SessionView
from postrun.routines.window_run import higher_is_better
from postrun.vision.coach_overlay import CoachView, CueKind, Form, Gauge, draw_coach
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


_ARM_FAULTS = frozenset({"hands_not_on_knee", "hand_not_on_foot", "arms_not_forward"})


def form_colours(rep: RepEvent | None) -> dict[str, Form]:
    """The newest rep on the skeleton: its leg green when good, red where a fault is; the trunk
    red when leaning; the arms amber when the hands were not where they belong."""
    if rep is None:
        return {}
    faults = set(rep.faults)
    leg_faults = faults - _ARM_FAULTS - {"trunk_leaning"}
    form: dict[str, Form] = {f"{rep.side}_leg": "fix" if leg_faults else "good"}
    form["torso"] = "fix" if "trunk_leaning" in faults else "good"
    if faults & _ARM_FAULTS:
        form["left_arm"] = form["right_arm"] = "watch"
    return form


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
        form=form_colours(view.last_rep) if view.phase is Phase.ACTIVE else {},
    )


def paint(
    image: ImageArray, pose: Pose | None, view: SessionView, mirrored: bool, fps: float
) -> ImageArray:
    return draw_coach(image, pose, coach_view(view, mirrored, fps))
