"""The runner faces the screen: frames the pose model read from behind are turned round."""

from __future__ import annotations

from collections import Counter

import numpy as np

from postrun.routines.analysis import track_drill
from postrun.routines.facing import face_the_camera, read_from_behind
from postrun.routines.metrics import MEDIAPIPE_WORLD_UP, Side
from postrun.routines.thresholds import load_thresholds
from postrun.synth.camera import Camera
from postrun.synth.landmarks import Noise, SyntheticStream, synthesize
from postrun.synth.motions import DRILLS
from postrun.vision.landmarks import INDEX, MIRROR

FRONT, SIDE_ON = 0.0, 90.0


def _stream(drill: str, azimuth_deg: float, side: Side | None = None) -> SyntheticStream:
    motion = DRILLS[drill](seed=2, side=side) if side else DRILLS[drill](seed=2)
    return synthesize(motion, Camera(azimuth_deg=azimuth_deg), Noise.typical(), seed=2)


def _from_behind(a: np.ndarray) -> np.ndarray:
    """The model's mistake: every joint named by the other side."""
    return a[:, list(MIRROR)]


def _counts(drill: str, stream: SyntheticStream, side: Side | None, mistaken: bool) -> Counter[str]:
    world, image, vis = stream.mp_world, stream.image, stream.visibility
    if mistaken:
        world, image, vis = _from_behind(world), _from_behind(image), _from_behind(vis)
    camera = stream.camera
    events = track_drill(drill, load_thresholds(), stream.t_s, world, vis, MEDIAPIPE_WORLD_UP,
                         side, image, camera.width / camera.height)  # fmt: skip
    return Counter(e.side for e in events)


def test_a_runner_read_from_behind_still_counts_on_their_own_legs() -> None:
    """Facing the camera with every label swapped, the reps go to the legs that did them: the
    left-leg swing window counts the left leg, and the knee hug's sides stay as they were."""
    swing = _stream("lateral_swing", FRONT, "left")
    assert _counts("lateral_swing", swing, "left", mistaken=True) == _counts(
        "lateral_swing", swing, "left", mistaken=False
    )
    assert _counts("lateral_swing", swing, "left", mistaken=False)["left"] >= 4
    hug = _stream("knee_hug", FRONT)
    honest = _counts("knee_hug", hug, None, mistaken=False)
    assert honest["left"] >= 2 and honest["right"] >= 2
    assert _counts("knee_hug", hug, None, mistaken=True) == honest


def test_only_frames_read_from_behind_are_turned() -> None:
    """Facing the camera, true labels are kept and swapped ones are traded back, frame by frame;
    side-on, where the hips overlap in the picture, nothing is traded either way."""
    stream = _stream("knee_hug", FRONT)
    aspect = stream.camera.width / stream.camera.height
    found = np.isfinite(stream.image[:, 0, 0])
    mixed = stream.image.copy()
    mixed[::2] = _from_behind(mixed[::2])  # every other frame read from behind ...
    expected = np.zeros(len(found), dtype=bool)
    expected[::2] = True
    expected ^= stream.swapped  # ... besides the noise's own brief swaps
    assert stream.swapped.any()
    np.testing.assert_array_equal(read_from_behind(mixed, aspect)[found], expected[found])
    _, image, _ = face_the_camera(stream.mp_world, mixed, stream.visibility, aspect)
    truth = np.where(stream.swapped[:, None, None], _from_behind(stream.image), stream.image)
    np.testing.assert_array_equal(image[found], truth[found])
    side_on = _stream("knee_hug", SIDE_ON)
    side_aspect = side_on.camera.width / side_on.camera.height
    assert not read_from_behind(side_on.image, side_aspect).any()
    assert not read_from_behind(_from_behind(side_on.image), side_aspect).any()


def test_unknown_frames_are_left_alone() -> None:
    image = np.full((3, len(INDEX), 3), np.nan)
    assert not read_from_behind(image, 0.75).any()
