"""The person's own stance (standing ankle, upright trunk's depth), subtracted from the readings."""

from __future__ import annotations

import math

from postrun.routines.neutral import DEPTH_NOISE_DEG, NeutralStance

NAN = math.nan

KEY = "left_ankle_dorsiflexion_deg"


def frame(ankle: float, *, left_hip: float = 3.0, left_knee: float = 4.0) -> dict[str, float]:
    return {
        KEY: ankle,
        "right_ankle_dorsiflexion_deg": -10.0,
        "left_hip_flexion_deg": left_hip,
        "left_knee_flexion_deg": left_knee,
        "right_hip_flexion_deg": 2.0,
        "right_knee_flexion_deg": 5.0,
    }


def test_standing_still_sets_the_neutral_and_a_rep_is_measured_from_it() -> None:
    neutral = NeutralStance()
    for i in range(30):  # one second standing at 30 fps: the model reads the ankle at -20
        neutral.update(i / 30, frame(-20.0))
    assert neutral.offset(KEY) == -20.0
    assert neutral.offset("right_ankle_dorsiflexion_deg") == -10.0
    lifted = frame(-5.0, left_hip=100.0, left_knee=120.0)
    assert neutral.correct(lifted)[KEY] == 15.0
    assert neutral.correct(lifted)["left_hip_flexion_deg"] == 100.0  # only the ankle


def test_a_leg_passing_straight_does_not_move_the_neutral() -> None:
    neutral = NeutralStance()
    for i in range(300):  # a swing: the leg is straight down for 2 frames in 30, toes up
        straight = i % 30 < 2
        neutral.update(
            i / 30, frame(25.0 if straight else 10.0, left_hip=3.0 if straight else 40.0)
        )
    assert neutral.offset(KEY) == 0.0


def test_the_seed_holds_until_the_person_has_been_seen_standing() -> None:
    neutral = NeutralStance({KEY: -18.0, "right_ankle_dorsiflexion_deg": None})
    assert neutral.offset(KEY) == -18.0
    assert neutral.offset("right_ankle_dorsiflexion_deg") == 0.0
    neutral.update(0.0, frame(math.nan))
    assert math.isnan(neutral.correct(frame(math.nan))[KEY])  # unseen stays unseen
    for i in range(40):
        neutral.update(i / 30, frame(-12.0))
    assert neutral.offset(KEY) == -12.0


def test_a_side_swing_is_not_standing() -> None:
    """A lateral swing barely flexes the hip or knee: the swinging thigh's tilt from the
    vertical tells it from standing, so its toes-up foot does not become the neutral."""
    neutral = NeutralStance()
    for i in range(60):  # two seconds of swinging, toes up, hip flexion within the line
        swing = {**frame(15.0), "left_thigh_tilt_deg": 30.0, "right_thigh_tilt_deg": 2.0}
        neutral.update(i / 30, swing)
    assert neutral.offset(KEY) == 0.0
    for i in range(60, 90):  # then standing, the thigh's tilt seen and small
        neutral.update(i / 30, {**frame(-20.0), "left_thigh_tilt_deg": 3.0})
    assert neutral.offset(KEY) == -20.0


def trunk(tilt: float, lean: float = 2.0, **legs: float) -> dict[str, float]:
    """A side-on frame: the trunk's lean in the picture and its tilt toward the camera, the near
    (left) leg down as seen; ``legs`` overrides leg angles (NaN: hidden)."""
    return {**frame(-10.0), "trunk_lean_deg": lean, "trunk_depth_tilt_deg": tilt, **legs}


def test_a_lean_toward_the_camera_is_measured_from_the_trunks_own_stance() -> None:
    """The model's depth of an upright trunk is off by the person's and camera's own amount
    (here 16 degrees): from the stance, a lean of 22 toward the camera reads beyond the
    model's wandering, where the picture shows 2; facing the camera it is not used."""
    neutral = NeutralStance()
    leaning = trunk(-6.0)
    assert neutral.correct(leaning, depth_lean=True)["trunk_lean_deg"] == 2.0  # stance unknown
    for i in range(30):
        neutral.update(i / 30, trunk(16.0))
    assert neutral.standing("trunk_depth_tilt_deg") == 16.0
    lean = neutral.correct(leaning, depth_lean=True)["trunk_lean_deg"]
    assert lean == math.hypot(2.0, 22.0 - DEPTH_NOISE_DEG)
    assert neutral.correct(leaning)["trunk_lean_deg"] == 2.0
    assert neutral.correct(trunk(20.0), depth_lean=True)["trunk_lean_deg"] == 2.0  # wandering


def test_the_trunks_stance_needs_legs_down_not_seen_straight() -> None:
    """Side-on the far leg is hidden, and from the front the model reads straight standing legs
    18-23 degrees bent: the trunk's stance takes legs down by the model's estimate, while the
    ankle's still needs both legs seen straight."""
    neutral = NeutralStance()
    hidden = trunk(16.0, right_hip_flexion_deg=NAN, right_knee_flexion_deg=NAN)
    estimate = trunk(16.0, right_hip_flexion_deg=21.0, right_knee_flexion_deg=20.0)
    for i in range(30):
        neutral.update(i / 30, hidden, estimate)
    assert neutral.standing("trunk_depth_tilt_deg") == 16.0
    assert neutral.standing(KEY) is None
    raised = NeutralStance()
    for i in range(30):  # the far knee raised (a figure four): not standing
        raised.update(i / 30, hidden, {**estimate, "right_hip_flexion_deg": 80.0})
    assert raised.standing("trunk_depth_tilt_deg") is None
