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
