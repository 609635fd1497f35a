"""Frame sources: a webcam, a video file, one image or a folder of images.

Each source is a context manager and an iterator of :class:`Frame`. Files keep the container's
own timestamps; a camera stamps frames with the monotonic clock and always hands over the newest
frame, dropping older ones, so latency stays bounded however slow the consumer is.
"""

from __future__ import annotations

import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from types import TracebackType
from typing import Any, Protocol, Self

import cv2
import numpy as np
from numpy.typing import NDArray

from postrun.vision.types import Frame, ImageArray

IMAGE_SUFFIXES = frozenset({".jpg", ".jpeg", ".png", ".bmp", ".webp", ".tif", ".tiff"})


class SourceError(Exception):
    """A source the user named cannot be read; the message says how to fix it."""


class FrameSource(Protocol):
    live: bool
    fps: float | None
    frame_count: int | None
    description: str

    def __iter__(self) -> Iterator[Frame]: ...
    def __enter__(self) -> FrameSource: ...
    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None: ...


class _Closing:
    """Context-manager plumbing shared by every source."""

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    def close(self) -> None:
        pass


class VideoFileSource(_Closing):
    live = False

    def __init__(self, path: Path) -> None:
        if not path.is_file():
            raise SourceError(f"No video file at {path}: check the path.")
        self._cap = cv2.VideoCapture(str(path))
        if not self._cap.isOpened():
            raise SourceError(f"Cannot read {path} as a video: is it an mp4/avi/mov file?")
        fps = float(self._cap.get(cv2.CAP_PROP_FPS))
        count = int(self._cap.get(cv2.CAP_PROP_FRAME_COUNT))
        self.fps: float | None = fps if fps > 0 else None
        self.frame_count: int | None = count if count > 0 else None
        self.description = str(path)
        self.truncated = False  # the file ended in a frame that could not be decoded

    def __iter__(self) -> Iterator[Frame]:
        last_t = -1.0
        index = 0
        while True:
            ok, image = self._cap.read()
            if not ok or image is None:
                expected = self.frame_count or 0
                self.truncated = index < expected - 1
                return
            t = self._cap.get(cv2.CAP_PROP_POS_MSEC) / 1000.0
            if not np.isfinite(t) or t <= last_t:
                # Some containers carry no usable timestamps; fall back to the nominal rate.
                t = last_t + 1.0 / (self.fps or 30.0) if index else 0.0
            last_t = t
            yield Frame(_bgr(image), t, index)
            index += 1

    def close(self) -> None:
        self._cap.release()


class ImageFolderSource(_Closing):
    """One image, or every image in a folder in name order, spaced at a nominal rate."""

    live = False

    def __init__(self, path: Path, fps: float = 30.0) -> None:
        if path.is_dir():
            files = sorted(p for p in path.iterdir() if p.suffix.lower() in IMAGE_SUFFIXES)
            if not files:
                raise SourceError(f"No images in {path}: add .jpg or .png files.")
        elif path.is_file():
            files = [path]
        else:
            raise SourceError(f"No file or folder at {path}: check the path.")
        self._files = files
        self.fps: float | None = fps
        self.frame_count: int | None = len(files)
        self.description = str(path)

    def __iter__(self) -> Iterator[Frame]:
        for index, file in enumerate(self._files):
            image = cv2.imread(str(file), cv2.IMREAD_COLOR)
            if image is None:
                raise SourceError(f"Cannot read {file} as an image: replace or remove it.")
            yield Frame(_bgr(image), index / (self.fps or 30.0), index)


class CameraSource(_Closing):
    """A webcam read on a background thread that keeps only the newest frame."""

    live = True

    def __init__(self, index: int, timeout_s: float = 5.0) -> None:
        cap = _open_camera(index)
        if cap is None:
            raise SourceError(
                f"No camera at index {index}: plug one in or pass a video file instead."
            )
        self._cap = cap
        fps = float(self._cap.get(cv2.CAP_PROP_FPS))
        self.fps: float | None = fps if fps > 0 else None
        self.frame_count: int | None = None
        self.description = f"camera {index}"
        self.lost = False  # the camera stopped delivering frames mid-stream
        self._timeout_s = timeout_s
        self._newest: tuple[ImageArray, float] | None = None
        self._ready = threading.Condition()
        self._stop = threading.Event()
        self._t0 = time.monotonic()
        self._thread = threading.Thread(target=self._grab, name="camera", daemon=True)
        self._thread.start()

    def _grab(self) -> None:
        while not self._stop.is_set():
            ok, image = self._cap.read()
            stamp = time.monotonic() - self._t0
            with self._ready:
                if not ok or image is None:
                    self.lost = True
                    self._stop.set()
                else:
                    self._newest = (_bgr(image), stamp)
                self._ready.notify_all()

    def __iter__(self) -> Iterator[Frame]:
        index = 0
        while True:
            with self._ready:
                got = self._ready.wait_for(
                    lambda: self._newest is not None or self._stop.is_set(), self._timeout_s
                )
                if not got:
                    self.lost = True
                newest, self._newest = self._newest, None
            if newest is None:
                return
            yield Frame(newest[0], newest[1], index)
            index += 1

    def close(self) -> None:
        self._stop.set()
        self._thread.join(timeout=2.0)
        self._cap.release()


class Mirrored(_Closing):
    """Flips every frame left-right: for recordings made as a mirrored selfie view."""

    def __init__(self, inner: FrameSource) -> None:
        self._inner = inner
        self.live = inner.live
        self.fps = inner.fps
        self.frame_count = inner.frame_count
        self.description = f"{inner.description} (mirrored)"

    def __iter__(self) -> Iterator[Frame]:
        for frame in self._inner:
            yield Frame(np.ascontiguousarray(frame.image[:, ::-1]), frame.t_s, frame.index)

    def close(self) -> None:
        self._inner.__exit__(None, None, None)


def open_source(spec: str | Path | int, *, mirrored: bool = False) -> FrameSource:
    """A camera index (int), a video file, an image or a folder of images."""
    source: FrameSource
    if isinstance(spec, int):
        source = CameraSource(spec)
    else:
        path = Path(spec)
        if path.is_dir() or path.suffix.lower() in IMAGE_SUFFIXES:
            source = ImageFolderSource(path)
        else:
            source = VideoFileSource(path)
    return Mirrored(source) if mirrored else source


def _bgr(image: NDArray[Any]) -> ImageArray:
    """3-channel 8-bit BGR, whatever the decoder handed over."""
    if image.ndim == 2:
        image = cv2.cvtColor(image, cv2.COLOR_GRAY2BGR)
    elif image.shape[2] == 4:
        image = cv2.cvtColor(image, cv2.COLOR_BGRA2BGR)
    return np.asarray(image, dtype=np.uint8)


def camera_lost(source: FrameSource) -> bool:
    """Whether a live source stopped delivering frames before it was closed."""
    return bool(getattr(source, "lost", False))


def _open_camera(index: int) -> cv2.VideoCapture | None:
    """The opened camera, or None; quietly, without OpenCV's warnings on a miss."""
    if sys.platform.startswith("linux") and not Path(f"/dev/video{index}").exists():
        return None
    previous = cv2.utils.logging.getLogLevel()
    cv2.utils.logging.setLogLevel(cv2.utils.logging.LOG_LEVEL_SILENT)
    try:
        cap = cv2.VideoCapture(index)
    finally:
        cv2.utils.logging.setLogLevel(previous)
    if cap.isOpened():
        return cap
    cap.release()
    return None


def camera_present(index: int) -> bool:
    """Whether webcam ``index`` can be opened."""
    cap = _open_camera(index)
    if cap is None:
        return False
    cap.release()
    return True
