"""Per-frame landmarks of one run, kept in memory and written as CSV and a compact .npz."""

from __future__ import annotations

import csv
from pathlib import Path
from typing import IO

import numpy as np

from postrun.atomic import atomic_path, write_with
from postrun.vision.landmarks import COUNT, NAMES
from postrun.vision.types import Pose


def csv_header() -> list[str]:
    cols = ["frame", "t_s", "found"]
    for space in ("image", "world"):
        for name in NAMES:
            cols += [f"{space}_{name}_{axis}" for axis in ("x", "y", "z", "visibility")]
    return cols


class LandmarkLog:
    """One row per frame; a frame without the runner is a row of NaN with found = 0."""

    def __init__(self) -> None:
        self.frames: list[int] = []
        self.times: list[float] = []
        self.poses: list[Pose | None] = []

    def add(self, index: int, t_s: float, pose: Pose | None) -> None:
        self.frames.append(index)
        self.times.append(t_s)
        self.poses.append(pose)

    def __len__(self) -> int:
        return len(self.frames)

    @property
    def found(self) -> int:
        return sum(p is not None for p in self.poses)

    def arrays(self) -> dict[str, np.ndarray]:
        n = len(self.poses)
        image = np.full((n, COUNT, 3), np.nan, dtype=np.float32)
        world = np.full((n, COUNT, 3), np.nan, dtype=np.float32)
        vis = np.full((n, COUNT), np.nan, dtype=np.float32)
        pres = np.full((n, COUNT), np.nan, dtype=np.float32)
        for k, pose in enumerate(self.poses):
            if pose is not None:
                image[k], world[k], vis[k], pres[k] = (
                    pose.image,
                    pose.world,
                    pose.visibility,
                    pose.presence,
                )
        return {
            "frame": np.asarray(self.frames, dtype=np.int64),
            "t_s": np.asarray(self.times, dtype=np.float64),
            "image": image,
            "world": world,
            "visibility": vis,
            "presence": pres,
            "names": np.asarray(NAMES),
        }

    def write_csv(self, path: Path) -> None:
        arrays = self.arrays()

        def write(handle: IO[str]) -> None:
            out = csv.writer(handle)
            out.writerow(csv_header())
            for k in range(len(self.frames)):
                vis = arrays["visibility"][k][:, None]
                image = np.hstack([arrays["image"][k], vis]).ravel()
                world = np.hstack([arrays["world"][k], vis]).ravel()
                found = int(self.poses[k] is not None)
                values = [f"{v:.5f}" for v in np.concatenate([image, world])]
                out.writerow([self.frames[k], f"{self.times[k]:.4f}", found, *values])

        write_with(path, write)

    def write_npz(self, path: Path) -> None:
        with atomic_path(path) as tmp, tmp.open("wb") as handle:
            np.savez_compressed(handle, allow_pickle=False, **self.arrays())
