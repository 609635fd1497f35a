import numpy as np

from postrun.vision.landmarks import INDEX
from postrun.vision.overlay import LEFT_COLOR, ViewModel, draw
from postrun.vision.types import Pose
from tests.vision.helpers import pose_in_box


def blank() -> np.ndarray:
    return np.zeros((200, 160, 3), np.uint8)


def single_point_pose(name: str, x: float, y: float) -> Pose:
    image = np.full((33, 3), np.nan)
    image[INDEX[name]] = (x, y, 0.0)
    return Pose(image, np.zeros((33, 3)), np.ones(33), np.ones(33))


def test_draw_leaves_the_input_untouched_and_draws_the_skeleton() -> None:
    frame = blank()
    out = draw(frame, ViewModel(pose_in_box(0.3, 0.1, 0.7, 0.9)))
    assert frame.sum() == 0
    assert out.sum() > 0


def test_nothing_is_drawn_for_an_invisible_pose() -> None:
    pose = pose_in_box(0.3, 0.1, 0.7, 0.9)
    hidden = Pose(pose.image, pose.world, np.zeros(33), pose.presence)
    assert draw(blank(), ViewModel(hidden)).sum() == 0


def test_mirrored_preview_moves_the_left_side_across() -> None:
    pose = single_point_pose("left_hip", 0.2, 0.5)
    plain = draw(blank(), ViewModel(pose))
    mirror = draw(blank(), ViewModel(pose, mirrored=True))
    left_marker = np.all(plain == LEFT_COLOR, axis=2)
    mirrored_marker = np.all(mirror == LEFT_COLOR, axis=2)
    assert np.flatnonzero(left_marker.any(axis=0)).mean() < 80
    assert np.flatnonzero(mirrored_marker.any(axis=0)).mean() > 80


def test_hud_text_is_drawn_top_left() -> None:
    out = draw(blank(), ViewModel(None, hud=("12.0 fps",)))
    assert out[:30, :80].sum() > 0 and out[100:].sum() == 0
