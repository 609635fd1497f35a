"""A small animated stick figure showing the movement on the get-ready card (plain points in,
lines out)."""

from __future__ import annotations

import cv2
import numpy as np
from numpy.typing import NDArray

from postrun.vision.landmarks import EDGES, INDEX
from postrun.vision.types import ImageArray

Color = tuple[int, int, int]
_HEAD = INDEX["nose"]
_FACE = frozenset(range(1, 11))  # eyes, ears, mouth: the head circle stands in for them


def draw_figure(
    canvas: ImageArray,
    points: NDArray[np.float64],
    box: tuple[int, int, int, int],
    color: Color,
    thickness: int,
) -> None:
    """Draw ``points`` (33, 2; x right, y down, any scale) fitted into ``box`` (x0, y0, x1, y1),
    keeping their proportions."""
    pts = np.asarray(points, dtype=np.float64)
    ok = np.asarray(np.isfinite(pts).all(axis=1), dtype=bool)
    if ok.sum() < 2:
        return
    lo, hi = pts[ok].min(axis=0), pts[ok].max(axis=0)
    x0, y0, x1, y1 = box
    scale = min((x1 - x0) / max(hi[0] - lo[0], 1e-6), (y1 - y0) / max(hi[1] - lo[1], 1e-6))
    centre = np.array([(x0 + x1) / 2, (y0 + y1) / 2]) - scale * (lo + hi) / 2
    px = np.round(pts * scale + centre).astype(int)
    for a, b in EDGES:
        if ok[a] and ok[b] and a not in _FACE and b not in _FACE:
            cv2.line(canvas, (px[a, 0], px[a, 1]), (px[b, 0], px[b, 1]), color, thickness,
                     cv2.LINE_AA)  # fmt: skip
    if ok[_HEAD]:
        radius = max(2, round(0.06 * (y1 - y0)))
        cv2.circle(canvas, (px[_HEAD, 0], px[_HEAD, 1]), radius, color, thickness, cv2.LINE_AA)
