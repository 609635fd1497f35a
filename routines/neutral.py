"""The person's own neutral stance, as this camera sees it: what a feature reads while they
stand on both feet, so a rep is measured from it.

Standing flat-footed the ankle is at 0 degrees of dorsiflexion by definition, whoever stands
there; what the pose model reads then is its error for this person, shoe and view (on rendered
clips, image-plane landmarks: on average 8 degrees flatter from the front, 6 diagonally, 6.5
steeper side-on; `python -m bench.witnesses`). Subtracting it is the calibration a coach does
by eye; over the rendered benchmark it brings the ankle's error at a rep's peak from 21.0 to
19.7 degrees (docs/benchmarks.md), most of the rest being pose-dependent. Only the ankle is
corrected: standing hip and knee readings did not predict their error at a rep's peak.
"""

from __future__ import annotations

import math
import statistics
from collections import deque
from collections.abc import Mapping

from postrun.routines.features import SIDES

CALIBRATED = ("ankle_dorsiflexion_deg",)
STANDING_MAX_DEG = 15.0  # a leg this close to straight at hip and knee stands (its thigh's
# tilt from the vertical too, where seen: a side swing barely flexes the hip)
LEG_ANGLES = ("hip_flexion_deg", "knee_flexion_deg", "thigh_tilt_deg")
STILL_S = 0.5  # ... for this long (a swinging leg passes straight in a tenth of a second,
# toes up)
KEEP_S = 30.0  # the stance of the last half minute (the person may turn or step between drills)
MIN_SAMPLES = 5


class NeutralStance:
    """Per side, the median of each calibrated feature over the frames where the person stands
    straight on both legs; ``seed`` gives values known beforehand (the session's calibration)
    until enough frames of standing have been seen."""

    def __init__(self, seed: Mapping[str, float | None] | None = None) -> None:
        self._seed = {k: v for k, v in (seed or {}).items() if v is not None and math.isfinite(v)}
        self._standing_since: float | None = None
        self._samples: dict[str, deque[tuple[float, float]]] = {
            f"{s}_{n}": deque() for s in SIDES for n in CALIBRATED
        }

    def update(self, t_s: float, features: Mapping[str, float]) -> None:
        if not all(_straight(features, side) for side in SIDES):
            self._standing_since = None
        elif self._standing_since is None:
            self._standing_since = t_s
        standing = self._standing_since is not None and t_s - self._standing_since >= STILL_S
        for key, samples in self._samples.items():
            value = features.get(key, math.nan)
            if standing and math.isfinite(value):
                samples.append((t_s, value))
            while samples and samples[0][0] < t_s - KEEP_S:
                samples.popleft()

    def offset(self, key: str) -> float:
        """What ``key`` reads standing (0 until known)."""
        samples = self._samples.get(key)
        if samples is not None and len(samples) >= MIN_SAMPLES:
            return statistics.median(v for _, v in samples)
        return self._seed.get(key, 0.0)

    def correct(self, values: Mapping[str, float]) -> dict[str, float]:
        """``values`` with every calibrated feature measured from the neutral stance."""
        out = dict(values)
        for key in self._samples:
            if key in out:
                out[key] = out[key] - self.offset(key)
        return out


def _straight(features: Mapping[str, float], side: str) -> bool:
    """Whether ``side``'s leg is seen straight: hip and knee seen below
    :data:`STANDING_MAX_DEG`, and the thigh's tilt too where it is seen."""
    hip, knee, tilt = (features.get(f"{side}_{name}", math.nan) for name in LEG_ANGLES)
    seen_straight = all(math.isfinite(v) and v < STANDING_MAX_DEG for v in (hip, knee))
    return seen_straight and not tilt >= STANDING_MAX_DEG  # NaN: not seen, no objection
