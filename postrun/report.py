"""The report contract (schema version 1; see postrun/data/report.schema.json): building it from
what the drill rules saw, and writing it atomically."""

from __future__ import annotations

import json
import math
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from postrun import __version__
from postrun.atomic import write_text
from postrun.routines.drills.tracker import RepEvent
from postrun.routines.thresholds import Level, load_thresholds

SCHEMA_VERSION = 1


@dataclass(frozen=True)
class Cue:
    t_s: float
    text: str


@dataclass(frozen=True)
class SourceInfo:
    kind: str  # video | camera | images
    path: str | None
    fps: float | None
    frames: int
    mirrored: bool


@dataclass(frozen=True)
class WindowRecord:
    """One drill window as it happened."""

    index: int
    drill: str
    side: str | None
    start_s: float
    end_s: float
    reps: Sequence[RepEvent]
    frames: int
    pose_frames: int
    cues: Sequence[Cue] = field(default_factory=tuple)


@dataclass(frozen=True)
class RunSettings:
    """The threshold choices a user made, recorded so a report can be read and rerun as made."""

    level: Level | None = None  # --level as given; None: the routine's own levels
    thresholds_file: str | None = None  # --thresholds as given
    # section -> key -> value: where the user's file moved the bundled thresholds
    overrides: Mapping[str, Mapping[str, float]] = field(default_factory=dict)


def run_settings(level: Level, chosen: Level | None, thresholds_file: Path | None) -> RunSettings:
    """The settings of a run judged at ``level`` (``chosen``: the --level option, if any).

    The overrides are the thresholds the user's file changed at that level, taken from the loader
    itself so they are exactly what the rules used. Raises the loader's ConfigError for a bad file
    (callers have loaded it already, so a session cannot start with one).
    """
    if thresholds_file is None:
        return RunSettings(chosen)
    mine, bundled = load_thresholds(level, thresholds_file), load_thresholds(level)
    overrides: dict[str, dict[str, float]] = {}
    for section, values in {"common": mine.common, **mine.drills}.items():
        base = bundled.common if section == "common" else bundled.drills[section]
        changed = {key: value for key, value in values.items() if base.get(key) != value}
        if changed:
            overrides[section] = changed
    return RunSettings(chosen, str(thresholds_file), overrides)


def _number(value: float | None) -> float | None:
    return None if value is None or not math.isfinite(value) else round(float(value), 2)


def window_json(window: WindowRecord) -> dict[str, Any]:
    faults = Counter(f for rep in window.reps for f in rep.faults)
    return {
        "index": window.index,
        "drill": window.drill,
        "side": window.side,
        "start_s": round(window.start_s, 3),
        "end_s": round(window.end_s, 3),
        "reps": {s: sum(r.side == s for r in window.reps) for s in ("left", "right")},
        "rep_events": [
            {
                "t_s": round(rep.t_s, 3),
                "side": rep.side,
                "metrics": {k: _number(v) for k, v in rep.metrics.items()},
                "faults": list(rep.faults),
            }
            for rep in window.reps
        ],
        "faults": dict(sorted(faults.items())),
        "cues": [{"t_s": round(c.t_s, 3), "text": c.text} for c in window.cues],
        "tracking": {"frames": window.frames, "pose_frames": window.pose_frames},
    }


def build_report(
    source: SourceInfo,
    model: Mapping[str, str],
    windows: Sequence[WindowRecord],
    *,
    complete: bool,
    level: str = "default",
    settings: RunSettings | None = None,
) -> dict[str, Any]:
    """``level``: the level the thresholds (and so the page's targets) were taken at."""
    settings = settings or RunSettings()
    return {
        "schema_version": SCHEMA_VERSION,
        "generator": f"postrun {__version__}",
        "complete": complete,
        "created": datetime.now().astimezone().isoformat(timespec="seconds"),
        "source": {
            "kind": source.kind,
            "path": source.path,
            "fps": source.fps,
            "frames": source.frames,
            "mirrored": source.mirrored,
        },
        "model": dict(model),
        "level": level,
        "settings": {
            "level": settings.level,
            "thresholds_file": settings.thresholds_file,
            "overrides": {s: dict(values) for s, values in settings.overrides.items()},
        },
        "windows": [window_json(w) for w in windows],
    }


def write_report(path: Path, report: Mapping[str, Any]) -> None:
    write_text(path, json.dumps(report, indent=2) + "\n")
