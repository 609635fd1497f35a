"""One clip's ground truth on disk: ``NAME.truth.json`` plus per-frame joints in ``NAME.truth.npz``.

The format is documented in docs/ground-truth.md. Files are written atomically (temporary
file, then rename) so a half-written truth never sits beside a clip.
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Callable, Mapping
from dataclasses import asdict, dataclass, fields
from pathlib import Path
from typing import Any, BinaryIO, cast

import numpy as np
from numpy.typing import NDArray

import postrun
from postrun.synth.camera import Camera
from postrun.synth.dofs import DOFS
from postrun.synth.kinematics import forward_kinematics
from postrun.synth.motion import Kind, Motion, RepTruth, Side, WindowTruth
from postrun.synth.skeleton import Body

FloatArray = NDArray[np.float64]

FORMAT = "postrun-truth"
VERSION = 1
WORLD_FRAME = (
    "metres, right-handed, y up, origin on the floor under the pelvis at t=0; "
    "the person starts facing +z with their left toward +x"
)


@dataclass(frozen=True)
class ClipTruth:
    """Everything known about one clip. ``joints`` (T, 33, 3) are world landmarks (y up)."""

    name: str
    kind: Kind
    fps: float
    mirrored: bool
    seed: int
    body: Body
    camera: Camera
    windows: tuple[WindowTruth, ...]
    t_s: FloatArray
    joints: FloatArray
    dofs: FloatArray

    @property
    def frames(self) -> int:
        return int(self.t_s.size)

    @property
    def reps(self) -> tuple[RepTruth, ...]:
        return tuple(rep for w in self.windows for rep in w.reps)


def clip_truth(motion: Motion, camera: Camera) -> ClipTruth:
    """The truth of ``motion`` filmed by ``camera`` (joints from forward kinematics)."""
    return ClipTruth(
        name=motion.name,
        kind=motion.kind,
        fps=motion.fps,
        mirrored=camera.mirrored,
        seed=motion.seed,
        body=motion.body,
        camera=camera,
        windows=motion.windows,
        t_s=motion.t_s,
        joints=forward_kinematics(motion.dofs, motion.body),
        dofs=motion.dofs,
    )


def joints_path(json_path: Path) -> Path:
    """The ``.npz`` beside a truth ``.json`` (``clip.truth.json`` -> ``clip.truth.npz``)."""
    return json_path.with_suffix(".npz")


def _rep_json(rep: RepTruth) -> dict[str, Any]:
    return {
        "t_peak_s": round(rep.t_peak_s, 4),
        "side": rep.side,
        "t_start_s": round(rep.t_start_s, 4),
        "t_end_s": round(rep.t_end_s, 4),
        "metrics": {k: round(v, 3) for k, v in rep.metrics.items()},
        "faults": list(rep.faults),
    }


def to_json(truth: ClipTruth, joints_file: str) -> dict[str, Any]:
    cam = truth.camera
    return {
        "format": FORMAT,
        "version": VERSION,
        "generator": f"postrun {postrun.__version__}",
        "name": truth.name,
        "kind": truth.kind,
        "fps": truth.fps,
        "frames": truth.frames,
        "duration_s": round(truth.frames / truth.fps, 4),
        "mirrored": truth.mirrored,
        "seed": truth.seed,
        "world_frame": WORLD_FRAME,
        "body": asdict(truth.body),
        "camera": {
            **asdict(cam),
            "position_m": [round(float(x), 5) for x in cam.position],
            "rotation": [[round(float(x), 6) for x in row] for row in cam.rotation()],
            "focal_px": round(cam.focal_px, 4),
        },
        "windows": [
            {
                "drill": w.drill,
                "side": w.side,
                "start_s": round(w.start_s, 4),
                "end_s": round(w.end_s, 4),
                "faults": list(w.faults),
                "reps": [_rep_json(r) for r in w.reps],
            }
            for w in truth.windows
        ],
        "joints_file": joints_file,
        "dofs": list(DOFS),
    }


def _atomic_write(path: Path, write: Callable[[BinaryIO], object]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            write(handle)
        os.chmod(tmp, 0o644)  # mkstemp makes it private; fixtures are ordinary files
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_truth(json_path: str | os.PathLike[str], truth: ClipTruth) -> Path:
    """Write ``json_path`` and its sibling ``.npz``; returns the JSON path."""
    path = Path(json_path)
    npz = joints_path(path)

    def write_npz(handle: BinaryIO) -> None:
        # whole millimetres: exact enough for any angle and a quarter the size of float32
        np.savez_compressed(
            handle,
            t_s=truth.t_s.astype(np.float64),
            joints_mm=np.round(truth.joints * 1000.0).astype(np.int16),
            dofs=truth.dofs.astype(np.float32),
        )

    _atomic_write(npz, write_npz)
    text = json.dumps(to_json(truth, npz.name), indent=1) + "\n"
    _atomic_write(path, lambda handle: handle.write(text.encode()))
    return path


def _from_fields(cls: type[Any], data: Mapping[str, Any]) -> Any:
    names = {f.name for f in fields(cls)}
    return cls(**{k: v for k, v in data.items() if k in names})


def read_truth(json_path: str | os.PathLike[str]) -> ClipTruth:
    """Read a truth JSON and its joints; a wrong or newer format is a ValueError."""
    path = Path(json_path)
    data = json.loads(path.read_text())
    if data.get("format") != FORMAT or data.get("version") != VERSION:
        raise ValueError(
            f"{path} is not a version-{VERSION} {FORMAT} file; regenerate it with this postrun"
        )
    with np.load(path.parent / data["joints_file"]) as npz:
        t_s, joints, dofs = npz["t_s"], npz["joints_mm"] / 1000.0, npz["dofs"]
    windows = tuple(
        WindowTruth(
            drill=w["drill"],
            side=cast(Side | None, w["side"]),
            start_s=float(w["start_s"]),
            end_s=float(w["end_s"]),
            faults=tuple(w["faults"]),
            reps=tuple(
                RepTruth(
                    t_peak_s=float(r["t_peak_s"]),
                    side=cast(Side, r["side"]),
                    faults=tuple(r["faults"]),
                    metrics={k: float(v) for k, v in r["metrics"].items()},
                    t_start_s=float(r["t_start_s"]),
                    t_end_s=float(r["t_end_s"]),
                )
                for r in w["reps"]
            ),
        )
        for w in data["windows"]
    )
    return ClipTruth(
        name=data["name"],
        kind=data["kind"],
        fps=float(data["fps"]),
        mirrored=bool(data["mirrored"]),
        seed=int(data["seed"]),
        body=_from_fields(Body, data["body"]),
        camera=_from_fields(Camera, data["camera"]),
        windows=windows,
        t_s=t_s.astype(np.float64),
        joints=joints.astype(np.float64),
        dofs=dofs.astype(np.float64),
    )
