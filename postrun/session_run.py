"""The guided session as an app: frames -> pose -> the runner -> features -> Session -> picture,
and at the end (whatever ends it) report.json, report.html, reps.csv and the landmarks.

One loop serves the webcam (`postrun session`), a recorded session (`postrun analyze --routine`)
and the bundled demo (`postrun demo`).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import cv2
import numpy as np

from postrun.landmark_log import LandmarkLog
from postrun.outputs import close_pictures
from postrun.report import RunSettings, SourceInfo, build_report, write_report
from postrun.report_files import write_session_outputs
from postrun.routines.analysis import frame_features
from postrun.routines.metrics import MEDIAPIPE_WORLD_UP
from postrun.routines.session import Session
from postrun.routines.session_view import SessionView
from postrun.vision.display import Window
from postrun.vision.pose import PoseEstimator
from postrun.vision.sources import FrameSource
from postrun.vision.tracking import Runner
from postrun.vision.types import Frame, ImageArray, Pose
from postrun.vision.video_out import VideoSink

Painter = Callable[[ImageArray, Pose | None, SessionView, bool, float], ImageArray]


@dataclass
class SessionOutcome:
    frames: int = 0
    pose_frames: int = 0
    complete: bool = False
    interrupted: bool = False
    files: list[Path] = field(default_factory=list)


def brightness(image: ImageArray) -> float:
    """Mean brightness 0..1 on a thumbnail: enough to tell a dark room."""
    small = cv2.resize(image, (32, 24), interpolation=cv2.INTER_AREA)
    return float(np.mean(small)) / 255.0


def pose_features(
    pose: Pose | None, up: tuple[float, float, float], min_visibility: float, aspect: float
) -> tuple[dict[str, float], dict[str, float]]:
    """(gated, ungated) features of one frame (``aspect``: its width / height); empty when
    nobody is in view."""
    if pose is None:
        return {}, {}
    gated, raw = frame_features(
        pose.world[None], pose.visibility[None], up, min_visibility, pose.image[None], aspect
    )
    return gated[0], raw[0]


@dataclass
class SessionLoop:
    source: FrameSource
    estimator: PoseEstimator
    runner: Runner  # picks the runner out of the people found and smooths their pose
    session: Session
    painter: Painter
    out_dir: Path
    source_info: Callable[[int], SourceInfo]
    model: dict[str, str]
    level: str = "default"
    settings: RunSettings = field(default_factory=RunSettings)  # --level, --thresholds
    video: VideoSink | None = None
    window: Window | None = None
    mirror: bool = False
    start_s: float = 0.0  # a recording's session starts this far in
    min_visibility: float = 0.5  # thresholds.toml [common]: less visible landmarks are not judged
    on_frame: Callable[[Frame, SessionView], None] | None = None

    def run(self) -> SessionOutcome:
        outcome = SessionOutcome()
        log = LandmarkLog()
        fps_clock: list[float] = []
        try:
            for frame in self.source:
                if frame.t_s < self.start_s:
                    continue
                t_s = frame.t_s - self.start_s
                # The rules read the model's own landmarks, the screen shows them smoothed.
                pose = self.runner.select(self.estimator.estimate(frame), frame.t_s)
                log.add(frame.index, t_s, pose)
                outcome.frames += 1
                outcome.pose_frames += pose is not None
                up = MEDIAPIPE_WORLD_UP
                if self.session.calibration is not None:
                    up = self.session.calibration.up
                aspect = frame.image.shape[1] / frame.image.shape[0]
                gated, raw = pose_features(pose, up, self.min_visibility, aspect)
                view = self.session.update(t_s, pose, gated, raw, brightness(frame.image))
                fps_clock.append(time.perf_counter())
                fps = _fps(fps_clock)
                drawn = None if pose is None else self.runner.smooth(pose)
                if self._show(frame, drawn, view, fps):
                    break
                if self.on_frame is not None:
                    self.on_frame(frame, view)
                if self.session.done:
                    break
        except KeyboardInterrupt:
            outcome.interrupted = True
        finally:
            try:
                if not self.session.done:
                    self.session.quit()
            finally:  # a session broken by the error may fail to close: save what it has anyway
                outcome.complete = self.session.complete
                outcome.files = self._save(log, outcome)
        return outcome

    def _show(self, frame: Frame, pose: Pose | None, view: SessionView, fps: float) -> bool:
        """Draw, show and record the frame; True when the user asked to stop."""
        if self.video is None and self.window is None:
            return False
        picture = self.painter(frame.image, pose, view, self.mirror, fps)
        if self.video is not None:
            self.video.write(picture)
        if self.window is None:
            return False
        key = self.window.show(picture)
        if key in ("q", "esc") or self.window.closed_by_user():
            return True
        if key == "space":
            self.session.toggle_pause()
        elif key == "n":
            self.session.skip()
        elif key == "m":
            self.mirror = not self.mirror
        return False

    def _save(self, log: LandmarkLog, outcome: SessionOutcome) -> list[Path]:
        self.out_dir.mkdir(parents=True, exist_ok=True)
        report = build_report(
            self.source_info(outcome.frames),
            self.model,
            self.session.windows(),
            complete=self.session.complete,
            level=self.level,
            settings=self.settings,
        )
        files = [self.out_dir / "report.json"]
        write_report(files[0], report)
        files += write_session_outputs(report, self.out_dir)
        log.write_npz(self.out_dir / "landmarks.npz")
        files.append(self.out_dir / "landmarks.npz")
        return files + close_pictures(self.video, self.window)


def _fps(stamps: list[float]) -> float:
    del stamps[:-30]
    if len(stamps) < 2 or stamps[-1] <= stamps[0]:
        return 0.0
    return (len(stamps) - 1) / (stamps[-1] - stamps[0])
