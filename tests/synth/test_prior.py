"""The model's pull toward standing (postrun/synth/prior.py)."""

from __future__ import annotations

import numpy as np

from postrun.routines import metrics as m
from postrun.synth.kinematics import forward_kinematics
from postrun.synth.motions import DRILLS
from postrun.synth.prior import pull_to_rest
from postrun.vision.landmarks import INDEX


def rig(drill: str) -> tuple[np.ndarray, str]:
    motion = DRILLS[drill](seed=0)
    return forward_kinematics(motion.dofs, motion.body), motion.windows[0].side or "left"


def test_far_angles_lose_the_pull_and_near_ones_half() -> None:
    world, side = rig("forward_swing")
    true = m.hip_flexion_signed_deg(world, side)
    read = m.hip_flexion_signed_deg(pull_to_rest(world, m.SYNTH_UP, 8.0), side)
    far, near = np.abs(true) > 20.0, (np.abs(true) > 2.0) & (np.abs(true) < 12.0)
    assert far.any() and near.any()
    np.testing.assert_allclose(np.abs(read[far]), np.abs(true[far]) - 8.0, atol=1.5)
    np.testing.assert_allclose(np.abs(read[near]), np.abs(true[near]) / 2.0, atol=1.5)


def test_limbs_keep_their_lengths_and_the_trunk_stays() -> None:
    world, _ = rig("knee_hug")
    pulled = pull_to_rest(world, m.SYNTH_UP, 8.0)
    for a, b in (("left_hip", "left_knee"), ("left_knee", "left_ankle"),
                 ("right_shoulder", "right_elbow"), ("left_heel", "left_foot_index")):  # fmt: skip
        before = np.linalg.norm(world[:, INDEX[b]] - world[:, INDEX[a]], axis=-1)
        after = np.linalg.norm(pulled[:, INDEX[b]] - pulled[:, INDEX[a]], axis=-1)
        np.testing.assert_allclose(after, before, atol=1e-9)
    for joint in ("left_hip", "right_hip", "left_shoulder", "nose"):
        np.testing.assert_array_equal(pulled[:, INDEX[joint]], world[:, INDEX[joint]])


def test_hands_holding_the_knee_read_farther_from_it() -> None:
    world, side = rig("knee_hug")
    pulled = pull_to_rest(world, m.SYNTH_UP, 8.0)
    top = int(np.argmax(m.hip_flexion_deg(world, side)))
    knee, wrist = INDEX[f"{side}_knee"], INDEX[f"{side}_wrist"]
    gap = np.linalg.norm(world[top, wrist] - world[top, knee])
    assert np.linalg.norm(pulled[top, wrist] - pulled[top, knee]) > gap + 0.03


def test_no_pull_changes_nothing() -> None:
    world, _ = rig("quad_pull")
    np.testing.assert_array_equal(pull_to_rest(world, m.SYNTH_UP, 0.0), world)
