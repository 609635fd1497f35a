import numpy as np

from postrun.vision.smoothing import NoSmoothing, OneEuroFilter, OneEuroParams, OneEuroSmoother
from postrun.vision.types import Pose
from tests.vision.helpers import pose_in_box

FPS = 30.0


def test_one_euro_removes_jitter_from_a_still_point() -> None:
    rng = np.random.default_rng(1)
    noisy = 0.5 + rng.normal(0, 0.01, size=300)
    f = OneEuroFilter(OneEuroParams(min_cutoff_hz=1.0, beta=10.0))
    out = np.array([f(np.array([v]), k / FPS)[0] for k, v in enumerate(noisy)])
    assert out[30:].std() < 0.4 * noisy[30:].std()


def test_one_euro_follows_fast_motion_with_little_lag() -> None:
    t = np.arange(90) / FPS
    signal = 0.3 * np.sin(2 * np.pi * 1.0 * t)  # a 1 Hz swing, like a leg
    f = OneEuroFilter(OneEuroParams(min_cutoff_hz=1.0, beta=10.0))
    out = np.array([f(np.array([v]), tk)[0] for tk, v in zip(t, signal, strict=True)])
    assert np.abs(out - signal)[15:].max() < 0.05
    assert out.max() > 0.27  # peaks survive: a rep is judged at its peak


def test_missing_values_restart_instead_of_dragging() -> None:
    f = OneEuroFilter()
    f(np.array([0.0, 0.0]), 0.0)
    out = f(np.array([np.nan, 0.1]), 1 / FPS)
    assert np.isnan(out[0])
    out = f(np.array([0.9, 0.1]), 2 / FPS)
    assert out[0] == 0.9  # no lag from a stale 0.0


def test_smoother_gates_landmarks_the_model_cannot_see() -> None:
    pose = pose_in_box(0.2, 0.1, 0.6, 0.9)
    vis = np.ones(33)
    vis[25] = 0.1
    low = Pose(pose.image, pose.world, vis, pose.presence, 0.0)
    out = OneEuroSmoother(min_visibility=0.5)(low)
    assert np.isnan(out.image[25]).all() and np.isnan(out.world[25]).all()
    assert np.isfinite(out.image[24]).all()
    assert NoSmoothing()(low) is low
