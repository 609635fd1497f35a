"""The shipped bundles load and run in the installed mediapipe's Tasks PoseLandmarker."""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np
import pytest

from postrun.models.registry import resolve_model
from tests.models.helpers import SHIPPED

vision = pytest.importorskip("mediapipe.tasks.python.vision")
mp = pytest.importorskip("mediapipe")
base_options = pytest.importorskip("mediapipe.tasks.python.core.base_options")

# A real full-body photo, when one is on the machine (Debian's opencv-doc ships this one:
# the left person, head to feet). Not needed for the suite; set POSTRUN_POSE_PHOTO to another.
PHOTO = Path(
    os.environ.get("POSTRUN_POSE_PHOTO", "/usr/share/doc/opencv-doc/examples/data/basketball1.png")
)


def landmarker(path: Path, mode: object) -> object:
    options = vision.PoseLandmarkerOptions(
        base_options=base_options.BaseOptions(model_asset_path=str(path)),
        running_mode=mode,
    )
    return vision.PoseLandmarker.create_from_options(options)


@pytest.mark.parametrize("name", SHIPPED)
def test_shipped_bundle_runs_in_video_mode_on_a_blank_frame(name: str) -> None:
    bundle = resolve_model(name)
    with landmarker(bundle.path, vision.RunningMode.VIDEO) as pose:  # type: ignore[attr-defined]
        for i in range(3):
            frame = mp.Image(
                image_format=mp.ImageFormat.SRGB, data=np.zeros((240, 320, 3), np.uint8)
            )
            result = pose.detect_for_video(frame, i * 33)
            assert result.pose_landmarks == []
            assert result.pose_world_landmarks == []


@pytest.mark.skipif(not PHOTO.is_file(), reason=f"no photo at {PHOTO}")
@pytest.mark.parametrize("name", SHIPPED)
def test_shipped_bundle_finds_a_person_in_a_photo(name: str) -> None:
    cv2 = pytest.importorskip("cv2")
    rgb = np.ascontiguousarray(cv2.cvtColor(cv2.imread(str(PHOTO)), cv2.COLOR_BGR2RGB))
    with landmarker(resolve_model(name).path, vision.RunningMode.IMAGE) as pose:  # type: ignore[attr-defined]
        result = pose.detect(mp.Image(image_format=mp.ImageFormat.SRGB, data=rgb))
    assert len(result.pose_landmarks) == 1
    points = result.pose_landmarks[0]
    assert len(points) == 33
    assert all(0.0 <= p.x <= 1.0 and 0.0 <= p.y <= 1.0 for p in points)
