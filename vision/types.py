"""The small frozen types that flow through the pipeline: Frame in, Pose out."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from postrun.vision.landmarks import COUNT

FloatArray = NDArray[np.float32]
ImageArray = NDArray[np.uint8]


@dataclass(frozen=True)
class Frame:
    """One decoded picture: BGR pixels, its time in seconds from the source's start, its index."""

    image: ImageArray
    t_s: float
    index: int

    def __post_init__(self) -> None:
        if self.image.ndim != 3 or self.image.shape[2] != 3 or self.image.dtype != np.uint8:
            raise ValueError(f"Frame.image must be HxWx3 uint8, got {self.image.shape}")

    @property
    def size(self) -> tuple[int, int]:
        """(width, height) in pixels."""
        return int(self.image.shape[1]), int(self.image.shape[0])


def _checked(name: str, value: FloatArray, columns: int) -> FloatArray:
    arr = np.asarray(value, dtype=np.float32)
    if arr.shape != (COUNT, columns):
        raise ValueError(f"Pose.{name} must have shape ({COUNT}, {columns}), got {arr.shape}")
    arr.setflags(write=False)
    return arr


@dataclass(frozen=True)
class Pose:
    """One person's 33 landmarks at one instant; NaN marks a landmark that is missing.

    ``image``: x, y normalised to the frame (0..1, y down) and z, MediaPipe's relative depth.
    ``world``: metres, centred between the hips, axes as MediaPipe gives them (y points down).
    ``visibility`` and ``presence``: 0..1 per landmark. Left and right are anatomical sides.
    """

    image: FloatArray
    world: FloatArray
    visibility: FloatArray
    presence: FloatArray
    t_s: float = 0.0

    def __post_init__(self) -> None:
        object.__setattr__(self, "image", _checked("image", self.image, 3))
        object.__setattr__(self, "world", _checked("world", self.world, 3))
        vis = _checked("visibility", np.reshape(self.visibility, (COUNT, 1)), 1)[:, 0]
        pres = _checked("presence", np.reshape(self.presence, (COUNT, 1)), 1)[:, 0]
        object.__setattr__(self, "visibility", vis)
        object.__setattr__(self, "presence", pres)

    @staticmethod
    def missing(t_s: float = 0.0) -> Pose:
        nan = np.full((COUNT, 3), np.nan, dtype=np.float32)
        zero = np.zeros(COUNT, dtype=np.float32)
        return Pose(nan, nan, zero, zero, t_s)

    def bbox(self) -> tuple[float, float, float, float]:
        """(x0, y0, x1, y1) of the visible image landmarks, normalised."""
        xy = self.image[:, :2]
        ok = np.isfinite(xy).all(axis=1)
        if not ok.any():
            return (np.nan, np.nan, np.nan, np.nan)
        lo, hi = xy[ok].min(axis=0), xy[ok].max(axis=0)
        return (float(lo[0]), float(lo[1]), float(hi[0]), float(hi[1]))
