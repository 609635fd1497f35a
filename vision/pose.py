"""Pose estimation: MediaPipe's PoseLandmarker (Tasks API, VIDEO mode) behind a small interface."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from types import TracebackType
from typing import Any, Protocol

import cv2
import numpy as np

from postrun.vision.landmarks import COUNT
from postrun.vision.types import Frame, ImageArray, Pose


class PoseEstimator(Protocol):
    """Frames in time order -> every person found in each (may be empty)."""

    def estimate(self, frame: Frame) -> list[Pose]: ...
    def close(self) -> None: ...


class MediaPipePoseEstimator:
    """PoseLandmarker in VIDEO mode: it tracks between frames, so feed frames in time order.

    ``max_people`` above one lets the caller pick the runner out of a crowd; one is fastest.
    """

    def __init__(self, model_path: Path, *, max_people: int = 2, min_confidence: float = 0.5):
        # Imported here so that importing this module stays cheap and free of side effects.
        from mediapipe.tasks.python.core.base_options import BaseOptions
        from mediapipe.tasks.python.vision import pose_landmarker as pl
        from mediapipe.tasks.python.vision.core.vision_task_running_mode import (
            VisionTaskRunningMode,
        )

        options = pl.PoseLandmarkerOptions(
            base_options=BaseOptions(model_asset_path=str(model_path)),
            running_mode=VisionTaskRunningMode.VIDEO,
            num_poses=max_people,
            min_pose_detection_confidence=min_confidence,
            min_pose_presence_confidence=min_confidence,
            min_tracking_confidence=min_confidence,
        )
        with _native_stderr_silenced():
            self._landmarker: Any = pl.PoseLandmarker.create_from_options(options)
        self._last_ms = -1
        self._warmed_up = False

    def estimate(self, frame: Frame) -> list[Pose]:
        # MediaPipe requires strictly increasing timestamps; equal ones would be refused.
        stamp = max(round(frame.t_s * 1000.0), self._last_ms + 1)
        self._last_ms = stamp
        rgb = np.asarray(cv2.cvtColor(frame.image, cv2.COLOR_BGR2RGB), dtype=np.uint8)
        result = self.infer(rgb, stamp)
        return [
            _to_pose(img, world, frame.t_s)
            for img, world in zip(result.pose_landmarks, result.pose_world_landmarks, strict=True)
        ]

    def infer(self, rgb: ImageArray, stamp_ms: int) -> Any:
        """The bare model call on an RGB picture: MediaPipe's own result object."""
        import mediapipe as mp

        image = mp.Image(image_format=mp.ImageFormat.SRGB, data=rgb)
        if self._warmed_up:
            return self._landmarker.detect_for_video(image, stamp_ms)
        with _native_stderr_silenced():  # the first call logs the graph's start-up chatter
            self._warmed_up = True
            return self._landmarker.detect_for_video(image, stamp_ms)

    def close(self) -> None:
        self._landmarker.close()

    def __enter__(self) -> MediaPipePoseEstimator:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()


@contextmanager
def _native_stderr_silenced() -> Iterator[None]:
    """MediaPipe's C++ side prints start-up INFO/WARNING lines straight to file descriptor 2;
    they mean nothing to a runner. Errors still surface as Python exceptions."""
    sys.stderr.flush()
    saved = os.dup(2)
    try:
        with open(os.devnull, "wb") as devnull:
            os.dup2(devnull.fileno(), 2)
        yield
    finally:
        os.dup2(saved, 2)
        os.close(saved)


def _to_pose(image_lms: list[Any], world_lms: list[Any], t_s: float) -> Pose:
    if len(image_lms) != COUNT or len(world_lms) != COUNT:
        return Pose.missing(t_s)
    image = np.array([(p.x, p.y, p.z) for p in image_lms], dtype=np.float32)
    world = np.array([(p.x, p.y, p.z) for p in world_lms], dtype=np.float32)
    vis = np.array([_score(p.visibility) for p in image_lms], dtype=np.float32)
    pres = np.array([_score(p.presence) for p in image_lms], dtype=np.float32)
    return Pose(image, world, vis, pres, t_s)


def _score(value: float | None) -> float:
    return float("nan") if value is None else float(value)
