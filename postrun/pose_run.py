"""Wiring for `postrun pose`, `demo` and `start`: pick the parts, run the job, report."""

from __future__ import annotations

import time
from pathlib import Path

import typer

from postrun.console import exit_if_nobody, frame_progress, warn_if_camera_lost
from postrun.outputs import ensure_writable
from postrun.pose_job import PoseJob, PoseJobResult
from postrun.vision.display import Window, display_available
from postrun.vision.pose import MediaPipePoseEstimator
from postrun.vision.smoothing import NoSmoothing, OneEuroSmoother, PoseSmoother
from postrun.vision.sources import camera_lost, open_source
from postrun.vision.tracking import Runner
from postrun.vision.types import Frame
from postrun.vision.video_out import VideoSink


def run_pose(
    spec: Path | int,
    *,
    model: str,
    out_dir: Path,
    save_video: bool = False,
    show: bool | None = None,
    mirrored: bool = False,
    smooth: bool = True,
    report_nobody: bool = True,
) -> PoseJobResult:
    from postrun.models.registry import resolve_model

    bundle = resolve_model(model)
    ensure_writable(out_dir)
    show = display_available() if show is None else show
    with open_source(spec, mirrored=mirrored) as source:
        smoother: PoseSmoother = OneEuroSmoother() if smooth else NoSmoothing()
        video = VideoSink(out_dir / "annotated.mp4", source.fps or 30.0) if save_video else None
        with MediaPipePoseEstimator(bundle.path) as estimator:
            job = PoseJob(
                source=source,
                estimator=estimator,
                runner=Runner(smoother),
                out_dir=out_dir,
                model_name=bundle.name,
                video=video,
                window=Window() if show else None,
                mirror_preview=source.live,  # a camera preview reads like a mirror
            )
            result = _run_with_progress(job, source.frame_count, source.live)
    _report(result, out_dir, source.description, report_nobody)
    warn_if_camera_lost(camera_lost(source))
    return result


def _run_with_progress(job: PoseJob, total: int | None, live: bool) -> PoseJobResult:
    if live:
        start = time.perf_counter()

        def live_fps(frame: Frame, result: PoseJobResult) -> None:
            if frame.index % 30 == 29:
                fps = result.frames / max(time.perf_counter() - start, 1e-9)
                typer.echo(f"\r{frame.t_s:7.1f} s  {fps:5.1f} fps  (q or Ctrl-C stops)", nl=False)

        job.on_frame = live_fps
        return job.run()
    with frame_progress("pose") as progress:
        task = progress.add_task("pose", total=total)
        job.on_frame = lambda _frame, _result: progress.advance(task)
        return job.run()


def _report(result: PoseJobResult, out_dir: Path, description: str, nobody_fails: bool) -> None:
    stopped = " (stopped early; everything up to then is saved)" if result.interrupted else ""
    typer.echo(
        f"{result.frames} frames from {description}, runner found in {result.found}, "
        f"{result.fps:.1f} fps{stopped}."
    )
    for path in result.files:
        typer.echo(f"  wrote {path}")
    if nobody_fails:
        exit_if_nobody(result.frames, result.found)
    if not result.frames:
        typer.echo("postrun: the source gave no frames: check the file or camera.", err=True)
        raise typer.Exit(1)
