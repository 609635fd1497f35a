"""`postrun analyze VIDEO --drill ID`: pose pipeline, then one drill's rules, then report.json."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import typer

from postrun.console import exit_if_nobody, warn_if_poorly_tracked
from postrun.models.registry import resolve_model
from postrun.pose_run import run_pose
from postrun.report import SourceInfo, WindowRecord, build_report, run_settings, write_report
from postrun.report_files import write_session_outputs
from postrun.routines.analysis import track_drill
from postrun.routines.metrics import MEDIAPIPE_WORLD_UP, Side
from postrun.routines.thresholds import Level, load_thresholds


def analyze_drill(
    video: Path,
    drill: str,
    *,
    side: Side | None,
    model: str,
    out_dir: Path,
    save_video: bool,
    show: bool | None,
    level: Level | None,
    thresholds_file: Path | None,
    mirrored: bool,
) -> Path:
    """``level``: the --level option (None: default)."""
    judged_at: Level = level or "default"
    thresholds = load_thresholds(judged_at, thresholds_file)
    bundle = resolve_model(model)
    # Unsmoothed, as the live session's rules read them and the benchmarks measured them.
    result = run_pose(video, model=model, out_dir=out_dir, save_video=save_video, show=show,
                      mirrored=mirrored, smooth=False, report_nobody=False)  # fmt: skip
    data = result.landmarks.arrays()
    width, height = result.frame_size or (1, 1)
    reps = track_drill(drill, thresholds, data["t_s"], data["world"], data["visibility"],
                       MEDIAPIPE_WORLD_UP, side, data["image"], width / height)  # fmt: skip
    t_s = data["t_s"]
    window = WindowRecord(
        index=0,
        drill=drill,
        side=side,
        start_s=float(t_s[0]) if t_s.size else 0.0,
        end_s=float(t_s[-1]) if t_s.size else 0.0,
        reps=reps,
        frames=result.frames,
        pose_frames=result.found,
    )
    fps = float(1.0 / np.median(np.diff(t_s))) if t_s.size > 1 else None
    source = SourceInfo("video", str(video), fps, result.frames, mirrored)
    report = build_report(
        source,
        {"name": bundle.name, "sha256": bundle.sha256},
        [window],
        complete=not result.interrupted,
        level=judged_at,
        settings=run_settings(judged_at, level, thresholds_file),
    )
    path = out_dir / "report.json"
    write_report(path, report)
    pages = write_session_outputs(report, out_dir)
    left = sum(r.side == "left" for r in reps)
    right = len(reps) - left
    faults = sorted({f for r in reps for f in r.faults})
    typer.echo(f"{drill}: {left} left, {right} right; faults: {', '.join(faults) or 'none'}")
    for written in (path, *pages):
        typer.echo(f"  wrote {written}")
    warn_if_poorly_tracked(result.frames, result.found)
    exit_if_nobody(result.frames, result.found)
    return path
