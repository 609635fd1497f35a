"""Landmarks that trust each witness for what it sees: the image for the camera's two in-plane
axes, the model's 3D lift only for depth.

A camera measures where a joint is across and up the picture to a few pixels; how far away it is
comes from the pose model's learned guess. MediaPipe's world landmarks mix both, and their
in-plane part is a regression of its own that drifts from what the image shows (a raised foot
read much flatter, a hugged knee placed at the hands). Side-on, a leg's angles lie in the
picture's plane and come out as seen; from the front, their depth still comes from the model,
as it must. Measured on rendered clips through the real model (docs/benchmarks.md): hip and knee
no worse in any view, the knee side-on and the ankle in every view much closer to the truth.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike, NDArray

from postrun.vision.landmarks import INDEX

FloatArray = NDArray[np.float64]

# A laptop webcam's vertical field of view, for the perspective correction only (a joint half a
# metre nearer than the hips at 3 m looks 20 % bigger); 45-65 degrees moves it by a few percent.
WEBCAM_VERTICAL_FOV_DEG = 55.0
_HIPS = (INDEX["left_hip"], INDEX["right_hip"])
_SHOULDERS = (INDEX["left_shoulder"], INDEX["right_shoulder"])


def _mid(lm: FloatArray, pair: tuple[int, int]) -> FloatArray:
    result: FloatArray = 0.5 * (lm[..., pair[0], :] + lm[..., pair[1], :])
    return result


def image_plane_world(world: ArrayLike, image: ArrayLike, aspect: float) -> FloatArray:
    """World landmarks (..., 33, 3) whose x and y are replaced by the image landmarks'.

    ``image`` holds MediaPipe's normalised image landmarks (x by the frame's width, y by its
    height; its z is ignored) and ``aspect`` is the frame's width / height. The image points are
    centred on the mid-hip like the world ones and scaled to metres per frame by the trunk
    (mid-hip to mid-shoulder), whose length in the picture plane the two witnesses share; depth
    (z) stays the model's. Axes as MediaPipe's world landmarks: x right, y down, z away.

    The picture magnifies what is nearer: each joint's offset is scaled by its depth relative
    to the hips' distance from the camera (the trunk's scale times the focal length).
    """
    w = np.asarray(world, dtype=np.float64)
    img = np.asarray(image, dtype=np.float64)[..., :2] * np.array([aspect, 1.0])
    trunk_world = (_mid(w, _SHOULDERS) - _mid(w, _HIPS))[..., :2]
    trunk_image = _mid(img, _SHOULDERS) - _mid(img, _HIPS)
    with np.errstate(invalid="ignore", divide="ignore"):
        scale = np.linalg.norm(trunk_world, axis=-1) / np.linalg.norm(trunk_image, axis=-1)
    scale = np.where(np.isfinite(scale) & (scale > 0), scale, np.nan)
    focal = 0.5 / np.tan(np.radians(WEBCAM_VERTICAL_FOV_DEG) / 2.0)  # in image heights
    hips_away = scale * focal
    with np.errstate(invalid="ignore", divide="ignore"):
        depth_ratio = 1.0 + (w[..., 2] - _mid(w, _HIPS)[..., None, 2]) / hips_away[..., None]
    plane = (img - _mid(img, _HIPS)[..., None, :]) * (scale[..., None] * depth_ratio)[..., None]
    out: FloatArray = np.concatenate([plane, w[..., 2:3]], axis=-1)
    return out


# Beyond about 70 degrees from facing the camera a plane is nearly edge-on: a pixel's error
# across the picture becomes three in depth, so the picture no longer fixes where it lies.
IN_PLANE_MIN_DEPTH_SHARE = 0.34


def in_plane(vectors: ArrayLike, normal: ArrayLike) -> FloatArray:
    """Vectors (..., 3) with their depth (z) replaced by the one that puts them in the plane of
    unit ``normal`` (..., 3), keeping their x and y (the picture's).

    For a limb known to move in one of the body's planes (a swing): the picture measures two
    axes and the plane fixes the third, where the pose model's own depth reads a swing into or
    out of the picture at about half its size. NaN where the plane is too near edge-on
    (:data:`IN_PLANE_MIN_DEPTH_SHARE`)."""
    v = np.asarray(vectors, dtype=np.float64)
    n = np.asarray(normal, dtype=np.float64)
    nz = n[..., 2]
    with np.errstate(invalid="ignore", divide="ignore"):
        z = np.where(
            np.abs(nz) >= IN_PLANE_MIN_DEPTH_SHARE,
            -(v[..., 0] * n[..., 0] + v[..., 1] * n[..., 1]) / nz,
            np.nan,
        )
    out: FloatArray = np.concatenate([v[..., :2], z[..., None]], axis=-1)
    return out
