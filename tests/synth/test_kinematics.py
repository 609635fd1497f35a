"""Forward kinematics follows the DOF conventions of postrun.synth.dofs."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from postrun.synth.dofs import DOFS
from postrun.synth.kinematics import forward_kinematics, grounded_root_y
from postrun.synth.reach import reach
from postrun.synth.skeleton import Body, random_body
from postrun.vision.landmarks import INDEX as LM
from tests.synth.helpers import pose

BODY = Body()


def fk(**values: float) -> np.ndarray:
    return forward_kinematics(pose(**values), BODY)


def at(lm: np.ndarray, name: str) -> np.ndarray:
    point: np.ndarray = lm[LM[name]]
    return point


def test_neutral_stands_upright_facing_plus_z_with_left_at_plus_x() -> None:
    lm = fk()
    assert lm.shape == (33, 3)
    assert at(lm, "nose")[2] > 0.05  # face forward
    for part in ("shoulder", "hip", "knee", "ankle", "wrist", "ear", "eye"):
        assert at(lm, f"left_{part}")[0] > 0 > at(lm, f"right_{part}")[0]
    # a vertical stack: head over shoulders over hips over knees over ankles, arms hanging
    heights = [
        at(lm, n)[1] for n in ("nose", "left_shoulder", "left_hip", "left_knee", "left_ankle")
    ]
    assert heights == sorted(heights, reverse=True)
    assert at(lm, "left_wrist")[1] < at(lm, "left_elbow")[1] < at(lm, "left_shoulder")[1]
    assert at(lm, "left_heel")[1] == pytest.approx(BODY.sole_height_m())
    assert at(lm, "left_foot_index")[1] == pytest.approx(at(lm, "left_heel")[1])
    assert at(lm, "left_foot_index")[2] > at(lm, "left_ankle")[2] > at(lm, "left_heel")[2]
    assert at(lm, "left_hip")[1] == pytest.approx(BODY.hip_height_m)


def test_hip_flexion_90_puts_the_knee_in_front_at_hip_height() -> None:
    lm = fk(left_hip_flexion_deg=90)
    knee, hip = at(lm, "left_knee"), at(lm, "left_hip")
    assert knee[1] == pytest.approx(hip[1])
    assert knee[2] == pytest.approx(BODY.thigh_m)
    assert at(lm, "right_knee")[2] == pytest.approx(0.0)  # the other leg stays


def test_hip_extension_moves_the_knee_back() -> None:
    assert at(fk(right_hip_flexion_deg=-20), "right_knee")[2] < -0.1


@pytest.mark.parametrize(("side", "sign"), [("left", 1.0), ("right", -1.0)])
def test_abduction_moves_the_knee_out_to_its_own_side(side: str, sign: float) -> None:
    lm = fk(**{f"{side}_hip_abduction_deg": 30.0})
    assert sign * (at(lm, f"{side}_knee")[0] - at(lm, f"{side}_hip")[0]) > 0.2
    lm = fk(**{f"{side}_hip_abduction_deg": -20.0})
    assert sign * (at(lm, f"{side}_knee")[0] - at(lm, f"{side}_hip")[0]) < -0.1


@pytest.mark.parametrize(("side", "sign"), [("left", 1.0), ("right", -1.0)])
def test_external_rotation_turns_the_foot_out(side: str, sign: float) -> None:
    lm = fk(**{f"{side}_hip_rotation_deg": 30.0})
    toe, heel = at(lm, f"{side}_foot_index"), at(lm, f"{side}_heel")
    assert sign * (toe[0] - heel[0]) > 0.1


def test_dorsiflexion_raises_the_toe_and_plantarflexion_lowers_it() -> None:
    neutral = at(fk(), "left_foot_index")[1]
    assert at(fk(left_ankle_dorsiflexion_deg=20), "left_foot_index")[1] > neutral + 0.04
    assert at(fk(left_ankle_dorsiflexion_deg=-20), "left_foot_index")[1] < neutral - 0.04


def test_knee_flexion_takes_the_heel_back() -> None:
    lm = fk(left_knee_flexion_deg=90)
    assert at(lm, "left_ankle")[2] == pytest.approx(-BODY.shank_m)
    assert at(lm, "left_ankle")[1] == pytest.approx(at(lm, "left_knee")[1])


def test_figure_four_rotation_brings_the_ankle_across_the_midline() -> None:
    lm = fk(
        left_hip_flexion_deg=90,
        left_hip_abduction_deg=20,
        left_hip_rotation_deg=70,
        left_knee_flexion_deg=105,
    )
    assert at(lm, "left_knee")[0] > at(lm, "left_hip")[0]  # the knee points out
    assert at(lm, "left_ankle")[0] < 0.0  # the foot crosses to the right half


def test_root_yaw_90_faces_plus_x() -> None:
    lm = fk(root_yaw_deg=90)
    assert at(lm, "nose")[0] > 0.05
    assert at(lm, "left_hip")[2] < 0 < at(lm, "right_hip")[2]


def test_root_translation_moves_everything() -> None:
    delta = fk(root_x=1.0, root_y=0.1, root_z=-2.0) - fk()
    np.testing.assert_allclose(delta, np.broadcast_to([1.0, 0.1, -2.0], delta.shape), atol=1e-12)


def test_trunk_flexion_lateral_and_twist() -> None:
    mid = LM["left_shoulder"], LM["right_shoulder"]
    assert fk(trunk_flexion_deg=30)[list(mid)].mean(axis=0)[2] > 0.2
    assert fk(trunk_lateral_deg=20)[list(mid)].mean(axis=0)[0] > 0.1
    twisted = fk(trunk_twist_deg=30)
    assert at(twisted, "left_shoulder")[2] < 0 < at(twisted, "right_shoulder")[2]
    # the legs do not move with the trunk
    np.testing.assert_allclose(fk(trunk_flexion_deg=30)[23:], fk()[23:], atol=1e-12)


def test_shoulder_and_elbow() -> None:
    lm = fk(left_shoulder_flexion_deg=90)
    assert at(lm, "left_wrist")[1] == pytest.approx(at(lm, "left_shoulder")[1])
    assert at(lm, "left_wrist")[2] == pytest.approx(BODY.arm_reach_m)
    lm = fk(left_shoulder_abduction_deg=90, right_shoulder_abduction_deg=90)
    assert at(lm, "left_wrist")[0] > at(lm, "left_shoulder")[0] + 0.5
    assert at(lm, "right_wrist")[0] < at(lm, "right_shoulder")[0] - 0.5
    lm = fk(right_elbow_flexion_deg=90)
    assert at(lm, "right_wrist")[2] == pytest.approx(BODY.forearm_m)
    assert at(lm, "right_wrist")[1] == pytest.approx(at(lm, "right_elbow")[1])


def test_head_flexion_lowers_the_nose() -> None:
    assert at(fk(head_flexion_deg=30), "nose")[1] < at(fk(), "nose")[1] - 0.02


angles = st.floats(-120, 120, allow_nan=False)


@settings(max_examples=60, deadline=None)
@given(st.lists(angles, min_size=len(DOFS) - 3, max_size=len(DOFS) - 3))
def test_segment_lengths_never_change(values: list[float]) -> None:
    q = np.concatenate([[0.3, 0.0, -0.2], values])
    lm, rest = forward_kinematics(q, BODY), forward_kinematics(np.zeros(len(DOFS)), BODY)
    for a, b in (
        ("left_hip", "left_knee"),
        ("right_knee", "right_ankle"),
        ("left_heel", "left_foot_index"),
        ("right_shoulder", "right_elbow"),
        ("left_elbow", "left_wrist"),
        ("left_hip", "right_hip"),
        ("left_shoulder", "right_shoulder"),
        ("left_ear", "right_ear"),
        ("left_wrist", "left_index"),
    ):
        assert np.linalg.norm(at(lm, a) - at(lm, b)) == pytest.approx(
            np.linalg.norm(at(rest, a) - at(rest, b))
        )


def test_body_height_scales_the_skeleton() -> None:
    small, tall = Body(height_m=1.5), Body(height_m=1.8)
    np.testing.assert_allclose(
        forward_kinematics(np.zeros(len(DOFS)), tall),
        forward_kinematics(np.zeros(len(DOFS)), small) * 1.2,
        atol=1e-12,
    )
    nose = forward_kinematics(np.zeros(len(DOFS)), Body(height_m=1.7))[LM["nose"], 1]
    assert 0.9 * 1.7 < nose < 0.95 * 1.7
    with pytest.raises(ValueError, match="human height"):
        Body(height_m=5.0)


def test_batches_of_any_leading_shape() -> None:
    q = np.zeros((2, 3, len(DOFS)))
    assert forward_kinematics(q, BODY).shape == (2, 3, 33, 3)
    with pytest.raises(ValueError):
        forward_kinematics(np.zeros((4, 5)), BODY)


def test_grounding_keeps_the_lowest_foot_on_the_floor() -> None:
    squat = pose(
        left_hip_flexion_deg=90,
        right_hip_flexion_deg=90,
        left_knee_flexion_deg=110,
        right_knee_flexion_deg=110,
        left_ankle_dorsiflexion_deg=20,
        right_ankle_dorsiflexion_deg=20,
    )
    q = np.stack([np.zeros(len(DOFS)), squat])
    q[:, 1] = grounded_root_y(q, BODY)
    assert q[1, 1] < -0.3  # the pelvis drops in a squat
    feet = forward_kinematics(q, BODY)[:, [LM["left_heel"], LM["right_foot_index"]], 1]
    np.testing.assert_allclose(feet.min(axis=1), BODY.sole_height_m(), atol=1e-9)


def test_random_bodies_are_plausible() -> None:
    rng = np.random.default_rng(0)
    for _ in range(20):
        body = random_body(rng)
        assert 1.5 < body.height_m < 2.0
        assert 0.4 * body.height_m < body.hip_height_m < 0.6 * body.height_m


def test_reach_puts_the_wrist_on_reachable_points() -> None:
    rng = np.random.default_rng(3)
    for side in ("left", "right"):
        for _ in range(10):
            yaw = rng.uniform(-180, 180)
            q = pose(trunk_flexion_deg=rng.uniform(0, 20), root_yaw_deg=yaw)
            shoulder = forward_kinematics(q, BODY)[LM[f"{side}_shoulder"]]
            # in front of the body (no upper-arm rotation DOF, so not everything is reachable)
            local = np.array([rng.uniform(-0.5, 0.5), rng.uniform(-1, 0.5), 1.0])
            c, s = np.cos(np.radians(yaw)), np.sin(np.radians(yaw))
            direction = np.array(
                [c * local[0] + s * local[2], local[1], -s * local[0] + c * local[2]]
            )
            target = shoulder + direction / np.linalg.norm(direction) * rng.uniform(0.3, 0.5)
            placed = reach(q, BODY, side, target, palm_m=0.0)
            wrist = forward_kinematics(placed, BODY)[LM[f"{side}_wrist"]]
            assert np.linalg.norm(wrist - target) < 1e-6
