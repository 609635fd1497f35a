"""The renderer's joint conventions (pure numpy: runs without the render extra)."""

from __future__ import annotations

import numpy as np
import pytest

from postrun.synth.dofs import DOFS
from postrun.synth.render import rig
from tests.synth.helpers import pose

DOWN = np.array([0.0, -1.0, 0.0])
FORWARD = np.array([0.0, 0.0, 1.0])
LEFT = np.array([1.0, 0.0, 0.0])


def seg(**values: float) -> dict[str, np.ndarray]:
    return {k: v[0] for k, v in rig.segment_rotations(pose(**values)[None]).items()}


def test_min_rotation_turns_a_onto_b() -> None:
    a, b = np.array([0.1, -1.0, 0.2]), np.array([0.0, 0.3, -1.0])
    r = rig.min_rotation(a, b)
    np.testing.assert_allclose(r @ (a / np.linalg.norm(a)), b / np.linalg.norm(b), atol=1e-12)
    np.testing.assert_allclose(r @ r.T, np.eye(3), atol=1e-12)
    np.testing.assert_allclose(rig.min_rotation(a, a), np.eye(3))


def test_hip_flexion_moves_the_thigh_forward_and_knee_flexion_the_heel_back() -> None:
    s = seg(left_hip_flexion_deg=90.0, right_knee_flexion_deg=90.0)
    np.testing.assert_allclose(s["thigh_left"] @ DOWN, FORWARD, atol=1e-12)
    np.testing.assert_allclose(s["shank_right"] @ DOWN, -FORWARD, atol=1e-12)


def test_abduction_is_outward_on_either_side() -> None:
    s = seg(left_hip_abduction_deg=90.0, right_hip_abduction_deg=90.0)
    np.testing.assert_allclose(s["thigh_left"] @ DOWN, LEFT, atol=1e-12)
    np.testing.assert_allclose(s["thigh_right"] @ DOWN, -LEFT, atol=1e-12)


def test_external_rotation_of_a_flexed_hip_crosses_the_foot_over() -> None:
    s = seg(left_hip_flexion_deg=90.0, left_knee_flexion_deg=90.0, left_hip_rotation_deg=30.0)
    shank = s["shank_left"] @ DOWN
    assert shank[0] < -0.4  # the left foot swings toward the right (figure four)


def test_dorsiflexion_lifts_the_toes_and_shoulder_flexion_the_arm() -> None:
    s = seg(right_ankle_dorsiflexion_deg=20.0, left_shoulder_flexion_deg=90.0)
    toes = s["foot_right"] @ FORWARD
    assert toes[1] == pytest.approx(np.sin(np.radians(20.0)))
    np.testing.assert_allclose(s["upper_arm_left"] @ DOWN, FORWARD, atol=1e-12)


def test_trunk_flexion_leans_forward_and_lateral_to_the_left() -> None:
    up = np.array([0.0, 1.0, 0.0])
    assert (seg(trunk_flexion_deg=30.0)["trunk"] @ up)[2] > 0.4
    assert (seg(trunk_lateral_deg=30.0)["trunk"] @ up)[0] > 0.4


def test_bad_motions_are_refused() -> None:
    with pytest.raises(ValueError, match="frames"):
        rig.check_dofs(np.zeros(len(DOFS)))
    q = np.zeros((2, len(DOFS)))
    q[1, 3] = np.nan
    with pytest.raises(ValueError, match="NaN"):
        rig.check_dofs(q)
