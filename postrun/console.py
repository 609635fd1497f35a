"""What the runs print: a frame progress bar, and the one-line ending when nobody was seen."""

from __future__ import annotations

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

CAMERA_LOST = "postrun: the camera stopped sending frames; everything up to then is saved."
NOBODY = "postrun: nobody was found in any frame: step back so your whole body is in view."


def frame_progress(label: str) -> Progress:
    """A transient progress bar counting frames, for files (a camera has no end to count to)."""
    return Progress(
        TextColumn(label),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("frames"),
        TimeRemainingColumn(),
        transient=True,
    )


def exit_if_nobody(frames: int, found: int) -> None:
    """End with exit code 1 and one sentence when frames came but the runner was in none."""
    if frames and not found:
        typer.echo(NOBODY, err=True)
        raise typer.Exit(1)


def warn_if_camera_lost(lost: bool) -> None:
    if lost:
        typer.echo(CAMERA_LOST, err=True)
