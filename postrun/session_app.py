"""Wiring for `postrun session`, `postrun analyze --routine` and `postrun demo`."""

from __future__ import annotations

from pathlib import Path

import typer

from postrun.console import frame_progress, warn_if_camera_lost
from postrun.models.registry import resolve_model
from postrun.outputs import ensure_writable
from postrun.report import SourceInfo, run_settings
from postrun.routines.routine import load_routine
from postrun.routines.session import Session
from postrun.routines.thresholds import Level, Thresholds, load_thresholds
from postrun.session_paint import paint
from postrun.session_run import SessionLoop, SessionOutcome
from postrun.vision.display import Window, display_available
from postrun.vision.pose import MediaPipePoseEstimator
from postrun.vision.smoothing import OneEuroSmoother
from postrun.vision.sources import FrameSource, camera_lost, open_source
from postrun.vision.tracking import Runner
from postrun.vision.video_out import VideoSink


def run_session(
    spec: Path | int,
    *,
    routine: str = "post-run",
    level: Level | None = None,
    model: str = "full",
    out_dir: Path,
    save_video: bool = False,
    show: bool | None = None,
    start_s: float = 0.0,
    thresholds_file: Path | None = None,
    mirrored: bool = False,
    mirror_preview: bool | None = None,
) -> SessionOutcome:
    """``mirror_preview``: show (and record) the picture like a selfie; by default only a
    camera's. ``mirrored``: the recording itself is a selfie view, unflipped before analysis."""
    plan = load_routine(routine)
    bundle = resolve_model(model)

    def thresholds(lvl: Level) -> Thresholds:
        return load_thresholds(lvl, thresholds_file)

    # The level the report's targets use; windows of a routine may still set their own.
    report_level = level or plan.level or "default"
    # Loaded now so a bad user file fails before the session, not in the middle of it.
    common = thresholds(report_level).common
    settings = run_settings(report_level, level, thresholds_file)
    ensure_writable(out_dir)
    show = display_available() if show is None else show
    with open_source(spec, mirrored=mirrored) as source:
        video = VideoSink(out_dir / "session.mp4", source.fps or 30.0) if save_video else None
        with MediaPipePoseEstimator(bundle.path) as estimator:
            loop = SessionLoop(
                source=source,
                estimator=estimator,
                runner=Runner(OneEuroSmoother()),
                session=Session(plan, level=level, thresholds=thresholds),
                painter=paint,
                out_dir=out_dir,
                source_info=lambda frames: _source_info(source, spec, frames, mirrored),
                model={"name": bundle.name, "sha256": bundle.sha256},
                level=report_level,
                settings=settings,
                video=video,
                window=Window() if show else None,
                mirror=source.live if mirror_preview is None else mirror_preview,
                start_s=start_s,
                min_visibility=common["min_visibility"],
            )
            outcome = _with_progress(loop, source)
    _print(outcome, out_dir)
    warn_if_camera_lost(camera_lost(source))
    return outcome


def _source_info(source: FrameSource, spec: Path | int, frames: int, mirrored: bool) -> SourceInfo:
    kind = "camera" if source.live else "video"
    path = None if isinstance(spec, int) else str(spec)
    return SourceInfo(kind, path, source.fps, frames, mirrored)


def _with_progress(loop: SessionLoop, source: FrameSource) -> SessionOutcome:
    if source.live or loop.window is not None:
        return loop.run()
    with frame_progress("session") as progress:
        task = progress.add_task("session", total=source.frame_count)
        loop.on_frame = lambda _frame, _view: progress.advance(task)
        return loop.run()


def _print(outcome: SessionOutcome, out_dir: Path) -> None:
    state = "complete" if outcome.complete else "ended early; everything so far is saved"
    typer.echo(
        f"Session {state}: {outcome.frames} frames, runner in view in {outcome.pose_frames}."
    )
    for path in outcome.files:
        typer.echo(f"  wrote {path}")
