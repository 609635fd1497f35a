"""The person's own standing ankle, subtracted from what the model reads."""

from __future__ import annotations

import math

from postrun.routines.neutral import NeutralStance

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
