"""Where a run's files go: a new timestamped folder, never overwriting an earlier run."""

from __future__ import annotations

import os
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the CLI imports this module; keep OpenCV out of `postrun --help`
    from postrun.vision.display import Window
    from postrun.vision.video_out import VideoSink

DEFAULT_ROOT = Path("postrun-out")


class OutputError(Exception):
    """An output folder that cannot be created or written; the message names the fix."""


def new_run_dir(kind: str, root: Path = DEFAULT_ROOT) -> Path:
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    candidate = root / f"{kind}-{stamp}"
    suffix = 1
    while candidate.exists():
        suffix += 1
        candidate = root / f"{kind}-{stamp}-{suffix}"
    return candidate


def ensure_writable(folder: Path) -> Path:
    """Create ``folder`` (and parents) and check files can be written there."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as err:
        raise OutputError(
            f"Cannot create the output folder {folder} ({err.strerror}): "
            "pass --out with a folder you can write to."
        ) from err
    if not os.access(folder, os.W_OK | os.X_OK):
        raise OutputError(f"Cannot write to {folder}: pass --out with a folder you can write to.")
    return folder


def close_pictures(video: VideoSink | None, window: Window | None) -> list[Path]:
    """Finish the annotated video (kept if it has frames) and close the window."""
    files: list[Path] = []
    if video is not None:
        video.close()
        if video.frames:
            files.append(video.path)
    if window is not None:
        window.close()
    return files
