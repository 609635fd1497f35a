"""The person's own neutral stance, as this camera sees it: what a feature reads while they
stand on both feet, so a rep is measured from it.

Standing flat-footed the ankle is at 0 degrees of dorsiflexion by definition, whoever stands
there; what the pose model reads then is its error for this person, shoe and view (on rendered
clips, image-plane landmarks: on average 8 degrees flatter from the front, 6 diagonally, 6.5
steeper side-on; `python -m bench.witnesses`). Subtracting it is the calibration a coach does
by eye; over the rendered benchmark it brings the ankle's error at a rep's peak from 21.0 to
19.7 degrees (docs/benchmarks.md), most of the rest being pose-dependent. Standing hip and knee
readings did not predict their error at a rep's peak, so they are not corrected.

The trunk's tilt toward or away from the camera is measured from the stance too, learnt in
the window itself (depth is a different direction in each view). The picture cannot show it,
and the model's depth of an upright trunk is off by the person's and camera's own amount (15-17
degrees standing tall, on a rendered clip). Side-on, measured from the stance, it is the
sideways lean the picture misses, and the caller folds it into ``trunk_lean_deg``. Facing the
camera it is not used: there the model tilts the trunk's depth with a knee raised toward the
camera by as much as a lean (rendered knee hugs and figure fours in correct form read up to
29 degrees from their stance, most 15-27).
"""

from __future__ import annotations

import math
import statistics
from collections import deque
from collections.abc import Mapping

from postrun.routines.features import SIDES

CALIBRATED = ("ankle_dorsiflexion_deg",)  # per side
DEPTH_TILT = "trunk_depth_tilt_deg"  # the trunk's, from routines.features
DEPTH_NOISE_DEG = 10.0  # the model's depth of a trunk wanders this much from its stance with
# no lean at all: side-on (rendered seeds 0-26 and 48-49, the figure four, quad pull, kick,
# forward swing and knee hug) a line of 4 / 8 / 10 flagged 5 / 1 / 0 reps that did not lean,
# and found 5 of the 25 leans the picture missed either way (leans of 20-30 in depth)
STANDING_MAX_DEG = 15.0  # a leg this close to straight at hip and knee stands (its thigh's
# tilt from the vertical too, where seen: a side swing barely flexes the hip)
LEGS_DOWN_MAX_DEG = 35.0  # the trunk's stance needs only both legs down, not straight (the
# ankle's does), read from the model's estimate where a leg is hidden: side-on the far leg
# always is
LEG_ANGLES = ("hip_flexion_deg", "knee_flexion_deg", "thigh_tilt_deg")
STILL_S = 0.5  # ... for this long (a swinging leg passes straight in a tenth of a second,
# toes up)
KEEP_S = 30.0  # the stance of the last half minute (the person may turn or step between drills)
MIN_SAMPLES = 5


class NeutralStance:
    """The median of each calibrated feature over the frames where the person stands: per side,
    the ankle's while both legs are seen straight; the trunk's depth tilt while both legs are
    down. ``seed`` gives values known beforehand (the session's calibration) until enough
    frames of standing have been seen."""

    def __init__(self, seed: Mapping[str, float | None] | None = None) -> None:
        self._seed = {k: v for k, v in (seed or {}).items() if v is not None and math.isfinite(v)}
        self._straight_since: float | None = None  # both legs seen straight since then
        self._down_since: float | None = None  # both legs down since then
        keys = [f"{s}_{n}" for s in SIDES for n in CALIBRATED] + [DEPTH_TILT]
        self._samples: dict[str, deque[tuple[float, float]]] = {k: deque() for k in keys}
        self._medians: dict[str, float] = {}  # of the samples, once there are enough

    def update(
        self, t_s: float, features: Mapping[str, float], legs: Mapping[str, float] | None = None
    ) -> None:
        """``legs``: where the legs' angles are read from for the trunk's stance (the model's
        estimate of a hidden leg will do for telling it is down); default ``features``."""
        straight = all(_straight(features, side, STANDING_MAX_DEG) for side in SIDES)
        down = all(_straight(legs or features, side, LEGS_DOWN_MAX_DEG) for side in SIDES)
        self._straight_since = _since(self._straight_since, straight, t_s)
        self._down_since = _since(self._down_since, down, t_s)
        for key, samples in self._samples.items():
            since = self._down_since if key == DEPTH_TILT else self._straight_since
            value = features.get(key, math.nan)
            if since is not None and t_s - since >= STILL_S and math.isfinite(value):
                samples.append((t_s, value))
            while samples and samples[0][0] < t_s - KEEP_S:
                samples.popleft()
            if len(samples) >= MIN_SAMPLES:
                self._medians[key] = statistics.median(v for _, v in samples)
            else:
                self._medians.pop(key, None)

    def standing(self, key: str) -> float | None:
        """What ``key`` reads standing (None until known)."""
        return self._medians.get(key, self._seed.get(key))

    def offset(self, key: str) -> float:
        """What ``key`` reads standing (0 until known)."""
        standing = self.standing(key)
        return 0.0 if standing is None else standing

    def correct(self, values: Mapping[str, float], depth_lean: bool = False) -> dict[str, float]:
        """``values`` with every calibrated feature measured from the neutral stance; with
        ``depth_lean``, ``trunk_lean_deg`` also takes in the trunk's tilt toward or away from
        the camera beyond :data:`DEPTH_NOISE_DEG`, once the stance is known."""
        out = dict(values)
        for key in self._samples:
            if key in out:
                out[key] = out[key] - self.offset(key)
        tilt = abs(out.get(DEPTH_TILT, math.nan))
        if depth_lean and self.standing(DEPTH_TILT) is not None and math.isfinite(tilt):
            depth = max(0.0, tilt - DEPTH_NOISE_DEG)
            out["trunk_lean_deg"] = math.hypot(out.get("trunk_lean_deg", math.nan), depth)
        return out


def _since(since: float | None, holds: bool, t_s: float) -> float | None:
    """When a condition that ``holds`` now began to hold (None if it does not)."""
    if not holds:
        return None
    return t_s if since is None else since


def _straight(features: Mapping[str, float], side: str, limit: float) -> bool:
    """Whether ``side``'s leg is seen straight: hip and knee seen below ``limit``, and the
    thigh's tilt below :data:`STANDING_MAX_DEG` where it is seen."""
    hip, knee, tilt = (features.get(f"{side}_{name}", math.nan) for name in LEG_ANGLES)
    seen_straight = all(math.isfinite(v) and v < limit for v in (hip, knee))
    return seen_straight and not tilt >= STANDING_MAX_DEG  # NaN: not seen, no objection
