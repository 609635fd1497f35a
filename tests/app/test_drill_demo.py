import numpy as np

from postrun.drill_demo import demo_points
from postrun.routines.drills import DRILLS
from postrun.vision.coach_overlay import CoachView, draw_coach


def test_every_drill_has_a_moving_demonstration() -> None:
    for drill in DRILLS:
        a, b = demo_points(drill, "left", 0.0, False), demo_points(drill, "left", 1.0, False)
        assert a.shape == (33, 2) and np.isfinite(a).all()
        assert np.abs(a - b).max() > 1.0  # it moves


def test_the_demonstration_is_mirrored_with_the_preview() -> None:
    plain = demo_points("knee_hug", None, 0.5, False)
    mirror = demo_points("knee_hug", None, 0.5, True)
    assert np.allclose(mirror[:, 0], -plain[:, 0]) and np.allclose(mirror[:, 1], plain[:, 1])


def test_the_get_ready_card_draws_the_demonstration() -> None:
    frame = np.full((480, 360, 3), 90, np.uint8)
    view = CoachView(phase="GET READY", title="Knee hug", instruction="Lift a knee", seconds_left=5)
    with_demo = CoachView(**{**view.__dict__, "demo": demo_points("knee_hug", None, 0.5, False)})
    plain, drawn = draw_coach(frame, None, view), draw_coach(frame, None, with_demo)
    assert np.abs(plain.astype(int) - drawn).sum() > 0
    active = CoachView(**{**with_demo.__dict__, "phase": "GO"})
    assert np.array_equal(draw_coach(frame, None, active), draw_coach(frame, None,
                          CoachView(**{**view.__dict__, "phase": "GO"})))  # fmt: skip


def test_the_newest_rep_colours_the_skeleton() -> None:
    from postrun.routines.drills.tracker import RepEvent
    from postrun.session_paint import form_colours

    good = RepEvent(1.0, "left", {}, (), 0.5, 1.5)
    assert form_colours(good) == {"left_leg": "good", "torso": "good"}
    bad = RepEvent(2.0, "right", {}, ("knee_too_low", "hands_not_on_knee", "trunk_leaning"), 1, 3)
    assert form_colours(bad) == {
        "right_leg": "fix",
        "torso": "fix",
        "left_arm": "watch",
        "right_arm": "watch",
    }
    assert form_colours(None) == {}
