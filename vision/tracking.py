"""Following one person: the runner, not a passer-by.

At the start (or after the runner has been gone a while) the person whose box is largest and
nearest the frame's centre is chosen. After that, the largest candidate that overlaps the
runner's last box enough wins; if nobody does, this frame has no runner rather than someone
else.
"""

from __future__ import annotations

import math

from postrun.vision.smoothing import PoseSmoother
from postrun.vision.types import Pose

Box = tuple[float, float, float, float]


def _area(box: Box) -> float:
    return max(0.0, box[2] - box[0]) * max(0.0, box[3] - box[1])


def iou(a: Box, b: Box) -> float:
    inter: Box = (max(a[0], b[0]), max(a[1], b[1]), min(a[2], b[2]), min(a[3], b[3]))
    overlap = _area(inter)
    union = _area(a) + _area(b) - overlap
    return overlap / union if union > 0 else 0.0


def _prominence(box: Box) -> float:
    """Large and central scores high: the person standing in front of the laptop."""
    cx, cy = (box[0] + box[2]) / 2.0, (box[1] + box[3]) / 2.0
    off_centre = math.hypot(cx - 0.5, cy - 0.5)
    return _area(box) * max(0.0, 1.0 - off_centre)


class PersonSelector:
    def __init__(self, min_iou: float = 0.2, forget_after_s: float = 3.0) -> None:
        self.min_iou = min_iou
        self.forget_after_s = forget_after_s
        self._box: Box | None = None
        self._seen_t = -math.inf

    def reset(self) -> None:
        self._box = None

    def __call__(self, people: list[Pose], t_s: float) -> Pose | None:
        candidates = [(p, p.bbox()) for p in people]
        candidates = [(p, b) for p, b in candidates if all(math.isfinite(v) for v in b)]
        if self._box is not None and t_s - self._seen_t > self.forget_after_s:
            self._box = None
        if not candidates:
            return None
        if self._box is None:
            chosen, box = max(candidates, key=lambda c: _prominence(c[1]))
        else:
            last = self._box
            near = [c for c in candidates if iou(c[1], last) >= self.min_iou]
            if not near:
                return None
            # The largest of those where the runner was: besides the runner the model sometimes
            # finds a smaller "person" inside them (their head and a picture on the wall behind
            # it, rendered clips), which overlaps the runner's box more than the runner's next.
            chosen, box = max(near, key=lambda c: _area(c[1]))
        self._box, self._seen_t = box, t_s
        return chosen


class Runner:
    """The runner's smoothed pose from everyone the estimator found, or None this frame; the
    smoother restarts when the runner is lost so it never drags a stale pose along."""

    def __init__(self, smoother: PoseSmoother, selector: PersonSelector | None = None) -> None:
        self.smoother = smoother
        self.selector = selector or PersonSelector()

    def __call__(self, people: list[Pose], t_s: float) -> Pose | None:
        pose = self.select(people, t_s)
        return None if pose is None else self.smoother(pose)

    def select(self, people: list[Pose], t_s: float) -> Pose | None:
        """The runner's pose as the model gave it (the drill rules read this: a filter would
        smear a brief left/right swap over more frames than their medians remove); follow with
        :meth:`smooth` for drawing, every frame the runner is found."""
        pose = self.selector(people, t_s)
        if pose is None:
            self.smoother.reset()
        return pose

    def smooth(self, pose: Pose) -> Pose:
        return self.smoother(pose)
