"""Image-plane landmarks: the picture's two axes from the image, depth from the model."""

from __future__ import annotations

import numpy as np

from postrun.routines import metrics as m
from postrun.routines.features import compute_features
from postrun.routines.witness import image_plane_world, in_plane
from postrun.synth.camera import Camera
from postrun.synth.landmarks import SyntheticStream, synthesize
from postrun.synth.motions import DRILLS
from postrun.vision.landmarks import INDEX

SIDES: tuple[m.Side, m.Side] = ("left", "right")


def _stream(azimuth: float) -> tuple[SyntheticStream, Camera]:
    camera = Camera(azimuth_deg=azimuth)
    return synthesize(DRILLS["knee_hug"](seed=0, duration_s=4.0), camera), camera


def test_side_on_the_leg_angles_come_from_the_picture() -> None:
    stream, camera = _stream(90.0)
    # The model's world landmarks get a wrong knee in the picture's plane (as when the hands
    # hide it); the image still shows it where it is.
    world = stream.mp_world.copy()
    world[:, INDEX["left_knee"], :2] += [0.06, -0.06]
    hybrid = image_plane_world(world, stream.image, camera.width / camera.height)
    truth = m.knee_flexion_deg(stream.world, "left")
    assert np.nanmax(np.abs(m.knee_flexion_deg(world, "left") - truth)) > 10.0
    # Perspective (the far leg is smaller) is the only error left.
    assert np.nanmax(np.abs(m.knee_flexion_deg(hybrid, "left") - truth)) < 4.0


def test_depth_stays_the_models_and_the_scale_is_the_trunks() -> None:
    stream, camera = _stream(0.0)
    hybrid = image_plane_world(stream.mp_world, stream.image, camera.width / camera.height)
    assert np.allclose(hybrid[..., 2], stream.mp_world[..., 2])
    trunk = m.mid_shoulder(hybrid) - m.mid_hip(hybrid)
    trunk_world = m.mid_shoulder(stream.mp_world) - m.mid_hip(stream.mp_world)
    # Equal but for the shoulders' depth relative to the hips (perspective).
    assert np.allclose(
        np.linalg.norm(trunk[..., :2], axis=-1),
        np.linalg.norm(trunk_world[..., :2], axis=-1),
        rtol=0.05,
    )
    # From the front the thigh's lift is depth: the hip angle still follows the truth, and
    # the raised foot (nearer, so bigger in the picture) keeps its angle.
    for angle, limit in ((m.hip_flexion_deg, 3.0), (m.ankle_dorsiflexion_deg, 3.0)):
        error = angle(hybrid, "left") - angle(stream.world, "left")
        assert np.nanmax(np.abs(error)) < limit, angle.__name__


def test_nobody_in_view_stays_missing() -> None:
    missing = np.full((2, 33, 3), np.nan)
    assert np.isnan(image_plane_world(missing, missing, 0.75)).all()


def test_a_vector_placed_in_its_plane_gets_its_depth_back() -> None:
    # A thigh swung 30 degrees out in a frontal plane turned 40 degrees from the camera.
    turn = np.radians(40.0)
    forward = np.array([np.sin(turn), 0.0, -np.cos(turn)])  # the plane's normal
    lateral = np.array([np.cos(turn), 0.0, np.sin(turn)])
    thigh = 0.45 * (
        np.sin(np.radians(30.0)) * lateral + np.cos(np.radians(30.0)) * np.array([0, 1, 0])
    )
    shallow = thigh * np.array([1.0, 1.0, 0.5])  # the pose model's depth, half of it
    assert np.allclose(in_plane(shallow, forward), thigh)
    # Edge-on (the plane's normal across the picture) the picture cannot place it.
    assert np.isnan(in_plane(thigh, np.array([1.0, 0.0, 0.1]))[2])


def _span(values: np.ndarray) -> float:
    return float(np.nanmax(values) - np.nanmin(values))


def test_a_swing_half_side_on_reads_its_range_in_its_own_plane() -> None:
    """The pose model reads a leg swinging into or out of the picture short (rendered clips:
    about half its depth); the swing's plane gives that depth back."""
    camera = Camera(azimuth_deg=45.0)
    stream = synthesize(DRILLS["forward_swing"](seed=0, duration_s=6.0), camera)
    world = stream.mp_world.copy()
    for side in ("left", "right"):
        hip = world[:, INDEX[f"{side}_hip"], 2:3]
        for joint in ("knee", "ankle"):
            j = INDEX[f"{side}_{joint}"]
            world[:, j, 2:3] = hip + 0.5 * (world[:, j, 2:3] - hip)
    features = compute_features(
        world,
        np.ones(world.shape[:2]),
        m.MEDIAPIPE_WORLD_UP,
        0.5,
        stream.image,
        camera.width / camera.height,
    )
    truth, swinging = max((np.ptp(m.hip_flexion_signed_deg(stream.world, s)), s) for s in SIDES)
    assert truth > 80.0
    signal = _span(features[f"{swinging}_hip_flexion_signed_deg"])
    planar = _span(features[f"{swinging}_hip_flexion_in_plane_deg"])
    assert truth - signal > 10.0
    assert abs(planar - truth) < 3.0
