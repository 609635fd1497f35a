"""A pinhole camera placed around the person, shared by the landmark synthesizer and the renderer.

World frame as in :mod:`postrun.synth.dofs`: y up, the person starts facing +z, their left is +x.
``azimuth_deg`` walks the camera around the person: 0 in front, 90 at the person's left side,
-90 (or 270) at their right side, 180 behind. The camera looks at ``target`` (a point on the body's
vertical axis) from ``distance_m`` away, its lens at ``height_m`` above the floor.

Image coordinates are pixels, x to the right, y down, as OpenCV and MediaPipe use them. A
``mirrored`` camera flips x like a selfie preview; anatomical sides are unaffected.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

FloatArray = NDArray[np.float64]


@dataclass(frozen=True)
class Camera:
    azimuth_deg: float = 0.0
    distance_m: float = 3.0
    height_m: float = 1.0
    target_height_m: float = 0.95
    vertical_fov_deg: float = 55.0  # a typical laptop webcam
    width: int = 480
    height: int = 640
    mirrored: bool = False

    @property
    def position(self) -> FloatArray:
        a = math.radians(self.azimuth_deg)
        return np.array(
            [self.distance_m * math.sin(a), self.height_m, self.distance_m * math.cos(a)]
        )

    @property
    def focal_px(self) -> float:
        return 0.5 * self.height / math.tan(math.radians(self.vertical_fov_deg) / 2.0)

    def rotation(self) -> FloatArray:
        """World -> camera rotation (rows: camera x right, y down, z forward)."""
        target = np.array([0.0, self.target_height_m, 0.0])
        forward = target - self.position
        forward /= np.linalg.norm(forward)
        right = np.cross(forward, np.array([0.0, 1.0, 0.0]))
        right /= np.linalg.norm(right)
        down = np.cross(forward, right)
        return np.stack([right, down, forward])

    def to_camera(self, points: FloatArray) -> FloatArray:
        """World points (..., 3) -> camera coordinates (..., 3), z = depth in metres."""
        return (np.asarray(points, dtype=np.float64) - self.position) @ self.rotation().T

    def project(self, points: FloatArray) -> FloatArray:
        """World points (..., 3) -> pixels (..., 2); NaN where a point is behind the camera."""
        cam = self.to_camera(points)
        z = cam[..., 2]
        with np.errstate(divide="ignore", invalid="ignore"):
            u = self.focal_px * cam[..., 0] / z + self.width / 2.0
            v = self.focal_px * cam[..., 1] / z + self.height / 2.0
        uv = np.stack([u, v], axis=-1)
        uv[z <= 1e-6] = np.nan
        if self.mirrored:
            uv[..., 0] = self.width - uv[..., 0]
        return uv
