"""The standing leg, read through the pose model's brief left/right swaps.

Side-on, the model now and then names the swinging leg the standing one for 1-4 frames, often
right at a swing's front extreme (undoing it won back 4 of the demo's 13 left forward swings,
`python -m bench.demo_session`). The standing
leg then seems to jump forward and back, and the check that it stays still takes the person for
a walker. A standing thigh does not jump far from where it stood a moment ago while the
swinging thigh lands exactly there; when the readings say so, the labels are traded back. A
walker's legs move gradually, about as far either side of the vertical: no trade. Near the
front the model may also share the raised leg between both labels for a few frames; the
standing thigh then leaves where it stood faster than a leg can, and is not read until it is
back (or has stayed away longer than a swap lasts). The tracker
asks for this side-on only, where the swaps happen; facing the camera, a standing leg that
rises is a marcher's step.
"""

from __future__ import annotations

import math
import statistics
from collections import deque
from collections.abc import Mapping, Sequence

from postrun.routines.features import OTHER
from postrun.routines.metrics import Side

JUMP_DEG = 25.0  # the standing thigh this far from where it stood ...
NEAR_DEG = 10.0  # ... while the swinging thigh reads this close to there ...
NEAR_SWUNG_DEG = 25.0  # ... and the standing one this close to where the swinging one just was:
# the two traded places (the model's swapped reading is rough). Side-on, a marcher's rising
# leg reads 30 and more forward of the leg it stands on (rendered clips).
MEMORY_S = 1.0  # where it stood: the median of its (corrected) readings over this long
MAX_SWAP_S = 0.3  # the model's swaps last 1-4 frames at 15 fps; a marcher's leg stays up longer
FRAME_GAP_S = 0.15  # two readings this close are consecutive frames (at 15 fps and more)


class StandingLeg:
    """Per frame, in time order: the standing leg's angles (``{leg}_{name}`` for each of
    ``names``, ``leg`` the side opposite ``swinging``), with brief swaps undone."""

    def __init__(self, swinging: Side, names: Sequence[str]) -> None:
        self.swinging, self.standing = swinging, OTHER[swinging]
        self.names = tuple(names)
        self._recent: dict[str, deque[tuple[float, float]]] = {n: deque() for n in self.names}
        self._swapped_since: float | None = None
        self._swung: dict[str, float] = {}  # the swinging thigh's last reading, labels undone
        self._last: tuple[float, bool] | None = None  # (time, whether it read where it stood)
        self._leapt_since: float | None = None

    def update(
        self, t_s: float, values: Mapping[str, float], may_trade: bool = True
    ) -> dict[str, float]:
        """``may_trade``: whether swaps are to be undone in this frame (the caller's view)."""
        standing = {n: values.get(f"{self.standing}_{n}", math.nan) for n in self.names}
        swinging = {n: values.get(f"{self.swinging}_{n}", math.nan) for n in self.names}
        if not may_trade or not self._swapped(standing, swinging):
            self._swapped_since = None
        elif self._swapped_since is None or t_s - self._swapped_since <= MAX_SWAP_S:
            self._swapped_since = t_s if self._swapped_since is None else self._swapped_since
            standing, swinging = swinging, standing
        self._swung = dict(swinging)
        if may_trade and self._leapt(t_s, standing):
            standing = dict.fromkeys(self.names, math.nan)
        for name, recent in self._recent.items():
            if math.isfinite(standing[name]):
                recent.append((t_s, standing[name]))
            while recent and recent[0][0] < t_s - MEMORY_S:
                recent.popleft()
        return {f"{self.standing}_{n}": v for n, v in standing.items()}

    def _leapt(self, t_s: float, standing: Mapping[str, float]) -> bool:
        """Whether the standing thigh reads far from where it stood, having read there a frame
        ago, without the legs trading places: near a swing's front the model sometimes shares
        the raised leg between both labels for a few frames (side-on, both read 10-45 where
        the swinging one alone reads 55). No leg leaves its stance that fast; a real step
        builds up over frames, and a leg held up longer than a swap is read again."""
        offsets = [
            abs(standing[name] - statistics.median(v for _, v in recent))
            for name, recent in self._recent.items()
            if recent and math.isfinite(standing[name])
        ]
        if not offsets:
            return False
        home = max(offsets) <= NEAR_DEG
        if self._leapt_since is not None and (home or t_s - self._leapt_since > MAX_SWAP_S):
            self._leapt_since = None
        elif self._leapt_since is None and max(offsets) > JUMP_DEG and self._last is not None:
            was_home = self._last[1] and t_s - self._last[0] <= FRAME_GAP_S
            self._leapt_since = t_s if was_home else None
        self._last = (t_s, home)
        return self._leapt_since is not None

    def _swapped(self, standing: Mapping[str, float], swinging: Mapping[str, float]) -> bool:
        jumped = False
        for name, recent in self._recent.items():
            if not recent:
                return False
            stood = statistics.median(v for _, v in recent)
            swung = self._swung.get(name, math.nan)
            if not (abs(swinging[name] - stood) <= NEAR_DEG  # NaN is not near
                    and abs(standing[name] - swung) <= NEAR_SWUNG_DEG):  # fmt: skip
                return False
            jumped = jumped or abs(standing[name] - stood) > JUMP_DEG
        return jumped
