"""Per-frame features that pick their witness: what the picture shows over the model's depth."""

from __future__ import annotations

import numpy as np

from postrun.routines.features import compute_features
from postrun.routines.metrics import MEDIAPIPE_WORLD_UP
from postrun.synth.camera import Camera
from postrun.synth.landmarks import synthesize
from postrun.synth.motions import DRILLS
from postrun.vision.landmarks import INDEX


def _kicks(azimuth: float, faults: tuple[str, ...] = ()) -> dict[str, np.ndarray]:
    """Features of kicks seen from ``azimuth``, with the model's depth of the left ankle off by
    up to 20 cm (as the real model reads a foot raised toward the camera)."""
    camera = Camera(azimuth_deg=azimuth)
    motion = DRILLS["straight_leg_kick"](seed=0, duration_s=6.0, faults=faults, fault_rate=1.0)
    stream = synthesize(motion, camera)
    world = stream.mp_world.copy()
    world[:, INDEX["left_ankle"], 2] -= 0.2 * np.sin(np.linspace(0.0, 6.0 * np.pi, len(world)))
    aspect = camera.width / camera.height
    return compute_features(world, stream.visibility, MEDIAPIPE_WORLD_UP, 0.5, stream.image, aspect)


def test_a_straight_knee_looks_straight_whatever_the_models_depth() -> None:
    features = _kicks(45.0)
    # The model's depth bends the knee in 3D; the picture keeps it straight.
    assert np.nanmax(features["left_knee_flexion_deg"]) > 25.0
    assert np.nanmax(features["left_knee_bend_seen_deg"]) < 12.0


def test_a_bent_knee_shows_in_the_picture() -> None:
    features = _kicks(90.0, ("knee_bent",))
    assert np.nanmax(features["left_knee_bend_seen_deg"]) > 35.0


def _hugs_side_on(hand_depth_m: float) -> dict[str, np.ndarray]:
    """Features of correct knee hugs seen side-on, with the model placing both wrists
    ``hand_depth_m`` farther from the camera than they are (a hand behind the leg is a guess)."""
    camera = Camera(azimuth_deg=90.0)
    motion = DRILLS["knee_hug"](seed=0, duration_s=10.0)
    stream = synthesize(motion, camera)
    world = stream.mp_world.copy()
    for wrist in ("left_wrist", "right_wrist"):
        world[:, INDEX[wrist], 2] += hand_depth_m
    aspect = camera.width / camera.height
    return compute_features(world, stream.visibility, MEDIAPIPE_WORLD_UP, 0.5, stream.image, aspect)


def test_a_hand_behind_the_leg_holds_it_in_the_picture_whatever_its_depth() -> None:
    near, far = _hugs_side_on(0.0), _hugs_side_on(0.3)
    held = 0
    for side in ("left", "right"):
        reach, seen = f"{side}_hands_to_knee", f"{side}_hands_to_knee_seen"
        holding = near[seen] < 0.3  # the frames where both hands hold this knee
        held += int(holding.sum())
        if not holding.any():
            continue
        # The model's depth of the hands moves their 3D reach; in the picture it moves them
        # only through perspective (a hand farther away looks a little closer to the knee).
        moved = np.median(far[reach][holding]) - np.median(near[reach][holding])
        moved_seen = np.median(np.abs(far[seen][holding] - near[seen][holding]))
        assert moved > 0.15
        assert moved_seen < moved / 3.0
    assert held >= 10
