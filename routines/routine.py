"""A routine as data: which drill windows, in what order, for how long, on which side.

``load_routine("post-run")`` reads the bundled ``post-run.toml``; any other argument is a path
to the user's own routine file. A file that cannot be used raises :class:`ConfigError` with one
sentence naming the file, the window (counted from 1) and the key at fault.

File format (see ``post-run.toml``)::

    name = "post-run"            # optional; defaults to the file's stem
    level = "default"            # optional: gentle | default | deep, for every window
    [defaults]                   # optional: duration_s, get_ready_s, summary_s for every window
    [[window]]                   # one per drill window, in order
    drill = "lateral_swing"      # a drill id (required)
    side = "left"                # one-side drills only; alternating drills take no side
    duration_s = 20              # > 0
    get_ready_s = 4              # >= 0: the card before the window
    summary_s = 4                # >= 0: the summary after it
    level = "gentle"             # optional, this window only
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

from postrun.routines.drills import DRILLS
from postrun.routines.metrics import Side
from postrun.routines.thresholds import LEVELS, ConfigError, Level

BUNDLED: tuple[str, ...] = ("post-run",)
TIMES: tuple[str, ...] = ("duration_s", "get_ready_s", "summary_s")
FALLBACK: Mapping[str, float] = {"duration_s": 20.0, "get_ready_s": 4.0, "summary_s": 4.0}
WINDOW_KEYS: tuple[str, ...] = ("drill", "side", *TIMES, "level")
TOP_KEYS: tuple[str, ...] = ("name", "description", "level", "defaults", "window")


@dataclass(frozen=True)
class RoutineWindow:
    drill: str
    duration_s: float
    get_ready_s: float
    summary_s: float
    side: Side | None = None  # the working leg of a one-side drill; None: legs alternate
    level: Level | None = None  # None: the routine's (or the session's) level


@dataclass(frozen=True)
class Routine:
    name: str
    windows: tuple[RoutineWindow, ...]
    source: str  # the bundled name or the file's path
    level: Level | None = None
    description: str = ""

    @property
    def active_s(self) -> float:
        """Seconds of drill windows (get-ready and summaries excluded)."""
        return sum(w.duration_s for w in self.windows)

    @property
    def total_s(self) -> float:
        """Seconds from the first get-ready to the last summary, without pauses."""
        return sum(w.get_ready_s + w.duration_s + w.summary_s for w in self.windows)

    def active_starts(self, lead_in_s: float) -> list[float]:
        """When each window's active part starts if nothing pauses, the first get-ready card
        appearing ``lead_in_s`` in (after setup and calibration)."""
        starts, t = [], lead_in_s
        for window in self.windows:
            t += window.get_ready_s
            starts.append(t)
            t += window.duration_s + window.summary_s
        return starts


def load_routine(name_or_path: str) -> Routine:
    """The bundled routine by name (``post-run``) or the routine in a user's TOML file."""
    if name_or_path in BUNDLED:
        text = resources.files("postrun.routines").joinpath(f"{name_or_path}.toml")
        return parse_routine(text.read_text("utf-8"), name_or_path, name_or_path)
    path = Path(name_or_path)
    if not path.suffix and not path.exists():
        raise ConfigError(
            f"No routine named '{name_or_path}': use {' or '.join(BUNDLED)} "
            "or the path to a routine TOML file."
        )
    try:
        text_ = path.read_text("utf-8")
    except OSError as err:
        raise ConfigError(f"Cannot read routine file {path}: {err.strerror}.") from err
    return parse_routine(text_, str(path), path.stem)


def parse_routine(text: str, where: str, default_name: str) -> Routine:
    """A routine from TOML text; ``where`` names the file in error messages."""
    try:
        raw = tomllib.loads(text)
    except tomllib.TOMLDecodeError as err:
        raise ConfigError(f"{where} is not valid TOML ({err}).") from err
    _known(raw, TOP_KEYS, where)
    name = raw.get("name", default_name)
    description = raw.get("description", "")
    for key, value in (("name", name), ("description", description)):
        if not isinstance(value, str):
            raise ConfigError(f"{where}: '{key}' must be a string.")
    level = _level(raw.get("level"), where)
    defaults = dict(FALLBACK)
    given = raw.get("defaults", {})
    if not isinstance(given, Mapping):
        raise ConfigError(f"{where}: [defaults] must be a table of {', '.join(TIMES)}.")
    _known(given, TIMES, f"{where} [defaults]")
    for key, value in given.items():
        defaults[key] = _seconds(value, key, f"{where} [defaults]")
    tables = raw.get("window", [])
    if not isinstance(tables, list) or not all(isinstance(t, Mapping) for t in tables):
        raise ConfigError(f"{where}: windows must be [[window]] tables.")
    if not tables:
        raise ConfigError(f"{where}: no [[window]] tables; a routine needs at least one window.")
    windows = tuple(
        _window(table, defaults, f"{where}, window {i}") for i, table in enumerate(tables, 1)
    )
    return Routine(name, windows, where, level, description)


def _window(table: Mapping[str, Any], defaults: Mapping[str, float], where: str) -> RoutineWindow:
    _known(table, WINDOW_KEYS, where)
    drill = table.get("drill")
    choices = ", ".join(DRILLS)
    if drill is None:
        raise ConfigError(f"{where}: 'drill' is missing; choose one of {choices}.")
    if drill not in DRILLS:
        raise ConfigError(f"{where}: unknown drill '{drill}'; choose one of {choices}.")
    spec = DRILLS[drill]
    side = table.get("side")
    if side is not None and side not in ("left", "right"):
        raise ConfigError(f'{where}: side must be "left" or "right", not {side!r}.')
    if spec.alternating and side is not None:
        raise ConfigError(f"{where}: {drill} alternates legs by itself, so remove 'side'.")
    if not spec.alternating and side is None:
        raise ConfigError(f'{where}: {drill} works one leg per window, so add side = "left".')
    times = {key: _seconds(table.get(key, defaults[key]), key, where) for key in TIMES}
    return RoutineWindow(
        drill=drill,
        side=side,
        level=_level(table.get("level"), where),
        **times,
    )


def _known(table: Mapping[str, Any], keys: tuple[str, ...], where: str) -> None:
    for key in table:
        if key not in keys:
            raise ConfigError(f"{where}: unknown key '{key}'; known keys: {', '.join(keys)}.")


def _seconds(value: Any, key: str, where: str) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ConfigError(f"{where}: {key} must be a number of seconds, not {value!r}.")
    if key == "duration_s" and value <= 0:
        raise ConfigError(f"{where}: duration_s must be a positive number of seconds, not {value}.")
    if value < 0:
        raise ConfigError(f"{where}: {key} cannot be negative ({value}).")
    return float(value)


def _level(value: Any, where: str) -> Level | None:
    if value is None:
        return None
    for level in LEVELS:
        if value == level:
            return level
    raise ConfigError(f"{where}: level must be gentle, default or deep, not {value!r}.")
