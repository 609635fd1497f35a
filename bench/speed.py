"""Speed benchmark: decode-only, bare inference and whole-pipeline fps, side by side per model.

    python bench/speed.py [CLIP] [--models lite,full,heavy] [--frames N]

* decode: reading and decoding the clip, nothing else;
* inference: PoseLandmarker alone on frames already decoded into memory;
* pipeline: `postrun pose` minus file output (decode, inference, runner selection, smoothing,
  landmark log), the way the product runs it;
* overhead: pipeline time over decode + inference time, minus one: what our own code costs.
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Iterator
from pathlib import Path

import cv2
import numpy as np

from postrun.demo import demo_clip
from postrun.models.registry import ModelError, resolve_model
from postrun.pose_job import PoseJob
from postrun.vision.pose import MediaPipePoseEstimator
from postrun.vision.smoothing import OneEuroSmoother
from postrun.vision.sources import FrameSource, open_source
from postrun.vision.tracking import Runner
from postrun.vision.types import Frame


def decode_only(clip: Path, limit: int) -> tuple[list[Frame], float]:
    frames: list[Frame] = []
    start = time.perf_counter()
    with open_source(clip) as source:
        for frame in source:
            frames.append(frame)
            if len(frames) >= limit:
                break
    return frames, time.perf_counter() - start


def bare_inference(model: Path, frames: list[Frame]) -> float:
    rgb = [np.asarray(cv2.cvtColor(f.image, cv2.COLOR_BGR2RGB), np.uint8) for f in frames]
    with MediaPipePoseEstimator(model) as estimator:
        start = time.perf_counter()
        for frame, pixels in zip(frames, rgb, strict=True):
            estimator.infer(pixels, round(frame.t_s * 1000))
        return time.perf_counter() - start


class _Limited:
    """The clip's first ``limit`` frames, as a source."""

    def __init__(self, clip: Path, limit: int) -> None:
        self._source = open_source(clip)
        self._limit = limit
        self.live, self.fps = False, self._source.fps
        self.frame_count: int | None = limit
        self.description = str(clip)

    def __iter__(self) -> Iterator[Frame]:
        for frame in self._source:
            if frame.index >= self._limit:
                return
            yield frame

    def __enter__(self) -> FrameSource:
        return self

    def __exit__(self, *exc: object) -> None:
        self._source.__exit__(None, None, None)


def pipeline(model: Path, clip: Path, limit: int) -> tuple[int, float]:
    with _Limited(clip, limit) as source, MediaPipePoseEstimator(model) as estimator:
        job = PoseJob(
            source, estimator, Runner(OneEuroSmoother()), out_dir=None
        )  # time the loop only
        start = time.perf_counter()
        result = job.run()
        return result.found, time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("clip", nargs="?", type=Path, default=None)
    parser.add_argument("--models", default="lite,full,heavy")
    parser.add_argument("--frames", type=int, default=300)
    args = parser.parse_args()
    clip = args.clip or demo_clip()
    frames, t_decode = decode_only(clip, args.frames)
    n = len(frames)
    print(f"clip {clip} ({n} frames, {frames[0].size[0]}x{frames[0].size[1]})")
    print(f"{'model':6} {'decode fps':>10} {'infer fps':>10} {'pipeline fps':>12} "
          f"{'overhead':>9} {'found':>6}")  # fmt: skip
    for name in args.models.split(","):
        try:
            bundle = resolve_model(name)
        except ModelError as err:
            print(f"{name:6} skipped: {err}")
            continue
        t_infer = bare_inference(bundle.path, frames)
        found, t_pipe = pipeline(bundle.path, clip, n)
        overhead = t_pipe / (t_decode + t_infer) - 1.0
        print(f"{name:6} {n / t_decode:10.1f} {n / t_infer:10.1f} {n / t_pipe:12.1f} "
              f"{overhead:+9.1%} {found / n:6.0%}")  # fmt: skip


if __name__ == "__main__":
    main()
