"""Clips on disk: an mp4 (OpenCV, mp4v) and its ground truth in an .npz beside it.

``clip.npz`` holds ``landmarks_world`` (T, 33, 3) metres in the world frame of
:mod:`postrun.synth.dofs`, ``landmarks_image`` (T, 33, 2) pixels (as drawn, mirrored if the camera
is), ``visible`` (T, 33), ``motion`` (T, len(DOFS)) with ``dof_names``, ``landmark_names``,
``fps``, ``width``, ``height``, ``mirrored``, ``camera`` (JSON of the Camera), ``body`` and
``appearance`` (JSON). Both files are written to a temporary name and renamed into place.
"""

from __future__ import annotations

import dataclasses
import json
import os
from collections.abc import Iterable
from pathlib import Path

import cv2
import numpy as np
from numpy.typing import NDArray

from postrun.synth.dofs import DOFS
from postrun.synth.render.renderer import Rendering
from postrun.vision.landmarks import NAMES


def truth_path(video: str | Path) -> Path:
    return Path(video).with_suffix(".npz")


def write_clip(
    path: str | Path,
    frames: Iterable[NDArray[np.uint8]],
    fps: float,
    truth: Rendering | None = None,
) -> Path:
    """Encode BGR frames to ``path`` (.mp4) and, given a :class:`Rendering` (or when ``frames``
    is one), its ground truth to the .npz beside it. Returns the video's path."""
    path = Path(path)
    if path.suffix.lower() != ".mp4":
        raise ValueError(f"clips are .mp4 files, got {path.name}")
    if truth is None and isinstance(frames, Rendering):
        truth = frames
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.stem}.partial.mp4")
    writer: cv2.VideoWriter | None = None
    count = 0
    try:
        for frame in frames:
            if writer is None:
                h, w = frame.shape[:2]
                writer = cv2.VideoWriter(str(tmp), cv2.VideoWriter.fourcc(*"mp4v"), fps, (w, h))
                if not writer.isOpened():
                    raise OSError(f"OpenCV cannot write {tmp}")
            writer.write(frame)
            count += 1
    finally:
        if writer is not None:
            writer.release()
    if count == 0:
        tmp.unlink(missing_ok=True)
        raise ValueError("no frames to write")
    os.replace(tmp, path)
    if truth is not None:
        _write_truth(truth_path(path), truth)
    return path


def _write_truth(path: Path, r: Rendering) -> None:
    tmp = path.with_name(f".{path.stem}.partial.npz")
    with open(tmp, "wb") as f:
        np.savez_compressed(
            f,
            landmarks_world=r.landmarks_world.astype(np.float32),
            landmarks_image=r.landmarks_image.astype(np.float32),
            visible=r.visible,
            motion=r.motion.astype(np.float32),
            dof_names=np.array(DOFS),
            landmark_names=np.array(NAMES),
            fps=np.float64(r.fps),
            width=np.int32(r.camera.width),
            height=np.int32(r.camera.height),
            mirrored=np.bool_(r.camera.mirrored),
            camera=np.array(json.dumps(dataclasses.asdict(r.camera))),
            body=np.array(json.dumps(dataclasses.asdict(r.body))),
            appearance=np.array(json.dumps(dataclasses.asdict(r.appearance))),
            grounding=np.array(r.grounding),
        )
    os.replace(tmp, path)


def load_truth(path: str | Path) -> dict[str, object]:
    """The ground truth saved beside a clip (give either the .mp4 or the .npz)."""
    with np.load(truth_path(path)) as data:
        out: dict[str, object] = {k: data[k] for k in data.files}
    for key in ("camera", "body", "appearance"):
        out[key] = json.loads(str(out[key]))
    return out
