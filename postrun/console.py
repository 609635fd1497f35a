"""What the runs print: a frame progress bar, the one-line ending when nobody was seen, and the
one line (with the traceback kept in a log file) for an internal error."""

from __future__ import annotations

import os
import sys
import tempfile
import traceback
from datetime import datetime
from pathlib import Path

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

from postrun.report_format import FAIR_TRACKING

ERROR_LOG = "error.log"
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


def warn_if_poorly_tracked(frames: int, found: int) -> None:
    """One line on stderr when the runner was found in some frames but too few to trust the
    count (a head cut off by the frame, someone walking in and out)."""
    if frames and 0 < found < FAIR_TRACKING * frames:
        typer.echo(
            f"postrun: a body was found in only {found / frames:.0%} of the frames, so reps may be"
            " missing: step back so your whole body is in view.",
            err=True,
        )


def warn_if_camera_lost(lost: bool) -> None:
    if lost:
        typer.echo(CAMERA_LOST, err=True)


def internal_error(err: BaseException, out_dir: Path | None) -> str:
    """Keep ``err``'s traceback in ``out_dir``/error.log (beside what the run saved) or, with no
    output folder yet, in a temporary file; return the one line for stderr."""
    from postrun import __version__

    kind = type(err)
    name = (
        kind.__qualname__
        if kind.__module__ == "builtins"
        else f"{kind.__module__}.{kind.__qualname__}"
    )
    message = " ".join(str(err).split())  # one line, whatever the message holds
    header = f"postrun {__version__}, {datetime.now().isoformat(timespec='seconds')}: "
    text = header + " ".join(sys.argv) + "\n" + "".join(traceback.format_exception(err)) + "\n"
    log = _write_log(text, out_dir)
    details = f"details in {log}" if log is not None else "the traceback could not be saved"
    return f"internal error: {name}{': ' + message if message else ''} ({details})"


def _write_log(text: str, out_dir: Path | None) -> Path | None:
    if out_dir is not None and out_dir.is_dir():
        try:
            with open(out_dir / ERROR_LOG, "a", encoding="utf-8") as log:  # keeps earlier errors
                log.write(text)
            return out_dir / ERROR_LOG
        except OSError:
            pass  # an unwritable output folder: the temporary file below
    try:
        handle, name = tempfile.mkstemp(prefix="postrun-error-", suffix=".log")
        with os.fdopen(handle, "w", encoding="utf-8") as log:
            log.write(text)
        return Path(name)
    except OSError:
        return None
