"""The pose pipeline as a job: frames -> pose -> the runner -> smoothing -> log, video, window.

Whatever stops the loop (end of file, q, Ctrl-C, a lost camera), what was recorded is written.
"""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from postrun.landmark_log import LandmarkLog
from postrun.outputs import close_pictures
from postrun.vision.display import Window
from postrun.vision.overlay import ViewModel, draw
from postrun.vision.pose import PoseEstimator
from postrun.vision.sources import FrameSource
from postrun.vision.tracking import Runner
from postrun.vision.types import Frame, Pose
from postrun.vision.video_out import VideoSink

QUIT_KEYS = frozenset({"q", "esc"})


@dataclass
class PoseJobResult:
    frames: int = 0
    found: int = 0
    seconds: float = 0.0
    interrupted: bool = False
    files: list[Path] = field(default_factory=list)
    landmarks: LandmarkLog = field(default_factory=LandmarkLog)
    frame_size: tuple[int, int] | None = None  # (width, height) of the frames, once one came

    @property
    def fps(self) -> float:
        return self.frames / self.seconds if self.seconds > 0 else 0.0


class TrackingMeter:
    """Share of recent frames with the runner found, and a frames-per-second estimate."""

    def __init__(self, window: int = 30) -> None:
        self._found: deque[bool] = deque(maxlen=window)
        self._stamps: deque[float] = deque(maxlen=window)

    def add(self, found: bool, now: float) -> None:
        self._found.append(found)
        self._stamps.append(now)

    @property
    def quality(self) -> float:
        return float(np.mean(self._found)) if self._found else 0.0

    @property
    def fps(self) -> float:
        if len(self._stamps) < 2 or self._stamps[-1] <= self._stamps[0]:
            return 0.0
        return (len(self._stamps) - 1) / (self._stamps[-1] - self._stamps[0])


def hud_lines(meter: TrackingMeter, pose: Pose | None, model: str) -> tuple[str, ...]:
    status = "runner in view" if pose is not None else "nobody in view"
    return (
        f"{meter.fps:4.1f} fps  model {model}",
        f"tracking {meter.quality:4.0%}  {status}",
    )


@dataclass
class PoseJob:
    source: FrameSource
    estimator: PoseEstimator
    runner: Runner  # picks the runner out of the people found and smooths their pose
    out_dir: Path | None  # None: keep nothing (benchmarks time the loop alone)
    model_name: str = "full"
    video: VideoSink | None = None
    window: Window | None = None
    mirror_preview: bool = False
    on_frame: Callable[[Frame, PoseJobResult], None] | None = None

    def run(self) -> PoseJobResult:
        result = PoseJobResult()
        log = result.landmarks
        meter = TrackingMeter()
        start = time.perf_counter()
        try:
            for frame in self.source:
                pose = self.runner(self.estimator.estimate(frame), frame.t_s)
                result.frame_size = frame.size
                log.add(frame.index, frame.t_s, pose)
                meter.add(pose is not None, time.perf_counter())
                result.frames += 1
                result.found += pose is not None
                if self._show(frame, pose, meter):
                    break
                if self.on_frame is not None:
                    self.on_frame(frame, result)
        except KeyboardInterrupt:
            result.interrupted = True
        finally:
            result.seconds = time.perf_counter() - start
            result.files = self._save(log)
        return result

    def _show(self, frame: Frame, pose: Pose | None, meter: TrackingMeter) -> bool:
        """Draw and show/write the frame; True when the user asked to stop."""
        if self.video is None and self.window is None:
            return False
        view = ViewModel(pose, hud_lines(meter, pose, self.model_name), self.mirror_preview)
        picture = draw(frame.image, view)
        if self.video is not None:
            self.video.write(picture)
        if self.window is not None:
            key = self.window.show(picture)
            return key in QUIT_KEYS or self.window.closed_by_user()
        return False

    def _save(self, log: LandmarkLog) -> list[Path]:
        files: list[Path] = []
        if self.out_dir is not None:
            self.out_dir.mkdir(parents=True, exist_ok=True)
            files = [self.out_dir / "landmarks.csv", self.out_dir / "landmarks.npz"]
            log.write_csv(files[0])
            log.write_npz(files[1])
        return files + close_pictures(self.video, self.window)
