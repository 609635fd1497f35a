"""The last few seconds of per-frame features, for judging a rep after it has ended."""

from __future__ import annotations

import math
from collections import deque
from collections.abc import Mapping

import numpy as np
from numpy.typing import NDArray


class History:
    """(time, gated features, ungated signals) of the last ``keep_s`` seconds."""

    def __init__(self, keep_s: float) -> None:
        self.keep_s = keep_s
        self._frames: deque[tuple[float, dict[str, float], Mapping[str, float]]] = deque()

    def add(self, t_s: float, features: Mapping[str, float], signals: Mapping[str, float]) -> None:
        self._frames.append((t_s, dict(features), signals))
        while self._frames and self._frames[0][0] < t_s - self.keep_s:
            self._frames.popleft()

    def note(self, t_s: float, key: str, value: float) -> None:
        """Add a derived value to the latest frame's features (it must be the frame at t_s)."""
        frame = self._frames[-1]
        if frame[0] == t_s:
            frame[1][key] = value

    def series(
        self,
        key: str,
        start_s: float,
        end_s: float,
        raw: bool = False,
        above: tuple[str, str | float] | None = None,
    ) -> NDArray[np.float64]:
        """The finite values of ``key`` in [start_s, end_s] (ungated ones with ``raw``). With
        ``above=(a, b)``, only frames whose ungated signal ``a`` is not below ``b`` (another
        signal's name, or a number)."""

        def keep(signals: Mapping[str, float]) -> bool:
            if above is None:
                return True
            a = signals.get(above[0], math.nan)
            b = above[1] if isinstance(above[1], float) else signals.get(above[1], math.nan)
            return not a < b  # NaN on either side keeps the frame

        values = np.array(
            [
                (signals if raw else features).get(key, math.nan)
                for t, features, signals in self._frames
                if start_s <= t <= end_s and keep(signals)
            ],
            dtype=np.float64,
        )
        result: NDArray[np.float64] = values[np.isfinite(values)]
        return result

    def seen_share(self, key: str, start_s: float, end_s: float) -> float | None:
        """The share of the frames in [start_s, end_s] whose ungated ``key`` is finite (no
        frames: None)."""
        values = [
            signals.get(key, math.nan) for t, _, signals in self._frames if start_s <= t <= end_s
        ]
        return float(np.mean(np.isfinite(values))) if values else None

    def median(
        self,
        key: str,
        start_s: float,
        end_s: float,
        raw: bool = False,
        above: tuple[str, str | float] | None = None,
    ) -> float | None:
        return self.percentile(key, start_s, end_s, 50.0, raw, above)

    def percentile(
        self,
        key: str,
        start_s: float,
        end_s: float,
        q: float,
        raw: bool = False,
        above: tuple[str, str | float] | None = None,
    ) -> float | None:
        values = self.series(key, start_s, end_s, raw, above)
        return float(np.percentile(values, q)) if values.size else None

    def paired(self, keys: tuple[str, str], start_s: float, end_s: float) -> NDArray[np.float64]:
        """(n, 2): the gated values of both ``keys`` in [start_s, end_s], on the frames where
        both are finite (so the two can be compared frame by frame)."""
        rows = [
            (features.get(keys[0], math.nan), features.get(keys[1], math.nan))
            for t, features, _ in self._frames
            if start_s <= t <= end_s
        ]
        values = np.array(rows, dtype=np.float64).reshape(-1, 2)
        result: NDArray[np.float64] = values[np.isfinite(values).all(axis=1)]
        return result
