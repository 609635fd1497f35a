"""Drawing: a skeleton and a small HUD, from plain data. No state, no window."""

from __future__ import annotations

from dataclasses import dataclass, field

import cv2
import numpy as np
from numpy.typing import NDArray

from postrun.vision.landmarks import EDGES, INDEX, NAMES
from postrun.vision.types import ImageArray, Pose

Color = tuple[int, int, int]  # BGR

GOOD: Color = (80, 200, 80)
WATCH: Color = (0, 190, 255)
FIX: Color = (60, 60, 230)
LEFT_COLOR: Color = (255, 170, 60)
RIGHT_COLOR: Color = (60, 140, 255)
TEXT: Color = (255, 255, 255)
PANEL: Color = (25, 25, 25)

_SIDE_COLORS = {"left": LEFT_COLOR, "right": RIGHT_COLOR}
_SIDE_LABELS = (("left_knee", "L"), ("right_knee", "R"))


@dataclass(frozen=True)
class ViewModel:
    """Everything one picture shows. ``mirrored`` flips the picture like a selfie preview;
    the L/R labels stay on the person's anatomical sides."""

    pose: Pose | None
    hud: tuple[str, ...] = ()
    mirrored: bool = False
    min_visibility: float = 0.5
    edge_colors: dict[tuple[int, int], Color] = field(default_factory=dict)


def draw(image: ImageArray, view: ViewModel) -> ImageArray:
    """A new picture: the frame (mirrored if asked) with the skeleton and HUD drawn on it."""
    # cv2.flip is a fresh array, ~20x faster than copying a reversed view, and never a view of
    # the input (np.ascontiguousarray returned a 1-pixel-wide flipped view as-is).
    canvas = np.asarray(cv2.flip(image, 1), np.uint8) if view.mirrored else image.copy()
    if view.pose is not None:
        _draw_skeleton(canvas, view)
    _draw_hud(canvas, view.hud)
    return canvas


def _pixels(pose: Pose, width: int, height: int, mirrored: bool) -> NDArray[np.float64]:
    xy: NDArray[np.float64] = pose.image[:, :2].astype(np.float64) * (width, height)
    if mirrored:
        xy[:, 0] = width - 1 - xy[:, 0]
    return xy


def _draw_skeleton(canvas: ImageArray, view: ViewModel) -> None:
    assert view.pose is not None
    h, w = canvas.shape[:2]
    xy = _pixels(view.pose, w, h, view.mirrored)
    seen = np.isfinite(xy).all(axis=1) & ~(view.pose.visibility < view.min_visibility)
    thickness = max(2, round(min(w, h) / 160))
    for a, b in EDGES:
        if seen[a] and seen[b]:
            color = view.edge_colors.get((a, b), GOOD)
            pa, pb = xy[a].round().astype(int), xy[b].round().astype(int)
            cv2.line(canvas, (pa[0], pa[1]), (pb[0], pb[1]), color, thickness, cv2.LINE_AA)
    for i in map(int, np.flatnonzero(seen)):
        p = xy[i].round().astype(int)
        color = _SIDE_COLORS.get(NAMES[i].split("_")[0], TEXT)
        cv2.circle(canvas, (p[0], p[1]), thickness + 1, color, -1, cv2.LINE_AA)
    for name, label in _SIDE_LABELS:
        i = INDEX[name]
        if seen[i]:
            p = xy[i].round().astype(int)
            _text(canvas, label, (p[0] + 3 * thickness, p[1]), 0.5 * thickness, TEXT)


def _draw_hud(canvas: ImageArray, lines: tuple[str, ...]) -> None:
    if not lines:
        return
    scale = max(0.45, canvas.shape[0] / 900)
    line_h = round(28 * scale)
    width = max(cv2.getTextSize(t, cv2.FONT_HERSHEY_SIMPLEX, scale, 1)[0][0] for t in lines)
    cv2.rectangle(canvas, (0, 0), (width + 16, line_h * len(lines) + 10), PANEL, -1)
    for k, line in enumerate(lines):
        _text(canvas, line, (8, line_h * (k + 1)), scale, TEXT)


def _text(canvas: ImageArray, text: str, org: tuple[int, int], scale: float, color: Color) -> None:
    thick = max(1, round(scale * 2))
    cv2.putText(
        canvas, text, org, cv2.FONT_HERSHEY_SIMPLEX, scale, (0, 0, 0), thick + 2, cv2.LINE_AA
    )
    cv2.putText(canvas, text, org, cv2.FONT_HERSHEY_SIMPLEX, scale, color, thick, cv2.LINE_AA)
