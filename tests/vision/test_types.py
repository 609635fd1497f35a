import numpy as np
import pytest

from postrun.vision.types import Frame, Pose
from tests.vision.helpers import pose_in_box


def test_frame_rejects_non_bgr_images() -> None:
    with pytest.raises(ValueError, match="HxWx3"):
        Frame(np.zeros((4, 4), np.uint8), 0.0, 0)
    frame = Frame(np.zeros((4, 6, 3), np.uint8), 0.5, 3)
    assert frame.size == (6, 4)


def test_pose_checks_shapes_and_is_read_only() -> None:
    with pytest.raises(ValueError, match=r"\(33, 3\)"):
        Pose(np.zeros((32, 3)), np.zeros((33, 3)), np.ones(33), np.ones(33))
    pose = pose_in_box(0.2, 0.1, 0.6, 0.9)
    with pytest.raises(ValueError):
        pose.image[0, 0] = 1.0


def test_missing_pose_is_nan_not_zero() -> None:
    pose = Pose.missing(1.5)
    assert np.isnan(pose.image).all() and np.isnan(pose.world).all()
    assert pose.t_s == 1.5
    assert all(np.isnan(v) for v in pose.bbox())


def test_bbox_ignores_missing_landmarks() -> None:
    pose = pose_in_box(0.2, 0.1, 0.6, 0.9)
    image = pose.image.copy()
    image[5] = np.nan
    partial = Pose(image, pose.world, pose.visibility, pose.presence)
    assert partial.bbox() == pytest.approx((0.2, 0.1, 0.6, 0.9))
