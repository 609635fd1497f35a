"""Writing an annotated video atomically: frames go to a temporary file renamed on close,
so a crash never leaves a half-written file under the final name."""

from __future__ import annotations

import os
from pathlib import Path
from types import TracebackType
from typing import Self

import cv2

from postrun.vision.types import ImageArray


class VideoSink:
    def __init__(self, path: Path, fps: float) -> None:
        self.path = path
        self.fps = fps if fps > 0 else 30.0
        self._tmp = path.with_name(f".{path.stem}.partial{path.suffix}")
        self._writer: cv2.VideoWriter | None = None
        self.frames = 0

    def write(self, image: ImageArray) -> None:
        if self._writer is None:
            h, w = image.shape[:2]
            fourcc = cv2.VideoWriter.fourcc(*"mp4v")
            self._writer = cv2.VideoWriter(str(self._tmp), fourcc, self.fps, (w, h))
            if not self._writer.isOpened():
                raise OSError(f"cannot write a video at {self.path}")
        self._writer.write(image)
        self.frames += 1

    def close(self) -> None:
        """Finish the file and give it its final name (keeps what was written so far)."""
        if self._writer is not None:
            self._writer.release()
            self._writer = None
            os.replace(self._tmp, self.path)

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()
