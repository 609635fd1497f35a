"""Rep and cycle counting by hysteresis on a scale-free signal (an angle, a ratio).

A rep starts when the signal rises past ``enter`` and ends when it falls back below ``exit``
(``exit < enter``, so jitter around one threshold cannot count twice). It counts only if it lasted
``min_duration_s``; it is judged at its peak, the highest sample in between. Missing samples
(NaN) neither start nor end a rep; a gap longer than ``max_gap_s`` abandons the rep in progress.
"""

from __future__ import annotations

import math
from dataclasses import dataclass


@dataclass(frozen=True)
class Hysteresis:
    enter: float
    exit: float
    min_duration_s: float = 0.25
    max_duration_s: float = 6.0
    max_gap_s: float = 0.5

    def __post_init__(self) -> None:
        if not self.exit < self.enter:
            raise ValueError(f"exit ({self.exit}) must be below enter ({self.enter})")


@dataclass(frozen=True)
class Peak:
    """One counted rep: when it started, peaked and ended, and the signal at its peak."""

    start_s: float
    peak_s: float
    end_s: float
    value: float


class RepCounter:
    def __init__(self, params: Hysteresis) -> None:
        self.params = params
        self.count = 0
        self._start: float | None = None
        self._peak_s = 0.0
        self._peak = -math.inf
        self._last_seen = -math.inf
        self._armed = True  # False after a held pose, until the signal falls back below exit

    @property
    def active(self) -> bool:
        """True while a rep is in progress (the signal went past enter, not yet back)."""
        return self._start is not None

    @property
    def peak_so_far(self) -> tuple[float, float] | None:
        """(time, value) of the current rep's highest sample, while a rep is in progress."""
        return (self._peak_s, self._peak) if self._start is not None else None

    def reset(self) -> None:
        self._start = None

    def update(self, t_s: float, value: float) -> Peak | None:
        """Feed one sample; returns the rep that this sample completed, if any."""
        p = self.params
        if not math.isfinite(value):
            if self._start is not None and t_s - self._last_seen > p.max_gap_s:
                self._start = None
            return None
        self._last_seen = t_s
        if self._start is None:
            if value <= p.exit:
                self._armed = True
            elif value >= p.enter and self._armed:
                self._start, self._peak_s, self._peak = t_s, t_s, value
            return None
        if value > self._peak:
            self._peak_s, self._peak = t_s, value
        if value > p.exit:
            if t_s - self._start > p.max_duration_s:
                # Held, not a rep (standing on one leg, a long stretch).
                self._start, self._armed = None, False
            return None
        start, self._start = self._start, None
        if t_s - start < p.min_duration_s:
            return None
        self.count += 1
        return Peak(start, self._peak_s, t_s, self._peak)
