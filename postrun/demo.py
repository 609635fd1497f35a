"""The bundled demo clip: a rendered runner doing the post-run routine, for machines without a
camera (and for trying postrun before stepping in front of one)."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from postrun.vision.sources import SourceError

DEMO_FILE = "demo.mp4"


def demo_clip() -> Path:
    path = Path(str(resources.files("postrun.data").joinpath(DEMO_FILE)))
    if not path.is_file():
        raise SourceError(
            f"The bundled demo clip is missing ({path}): reinstall postrun with `pip install .`."
        )
    return path
