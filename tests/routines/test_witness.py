"""Image-plane landmarks: the picture's two axes from the image, depth from the model."""

from __future__ import annotations

import numpy as np

from postrun.routines import metrics as m
from postrun.routines.witness import image_plane_world
from postrun.synth.camera import Camera
from postrun.synth.landmarks import SyntheticStream, synthesize
from postrun.synth.motions import DRILLS
from postrun.vision.landmarks import INDEX


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
