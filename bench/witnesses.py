"""Which landmarks to measure angles on: the real model's world landmarks against the
image-plane landmarks the rules use, at every rep's peak of the cached rendered clips.

    python -m bench.witnesses [--seeds N] [--first-seed S] [--model full]

Reads the clips and landmarks cached by bench.accuracy_rendered (run it first). Per metric and
view: the signed mean error (bias) and the mean absolute error of each witness at the peak
frame (median of it and its two neighbours), and the image-plane ankle's error while standing
(before the first rep): what routines/neutral.py subtracts. Last, per view, the spread of each
clip's median body yaw as the model gives it (the drills' yaw_range_deg gate on it).
"""

from __future__ import annotations

import argparse
from collections import defaultdict
from collections.abc import Callable

import numpy as np

from bench.accuracy_rendered import cache_options, cached_truths, landmarks
from postrun.routines import metrics as m
from postrun.routines.features import view_yaw_deg
from postrun.routines.witness import image_plane_world
from postrun.synth.truth import read_truth

ANGLES: dict[str, Callable[[np.ndarray, m.Side], np.ndarray]] = {
    "hip_flexion_deg": m.hip_flexion_deg,
    "knee_flexion_deg": m.knee_flexion_deg,
    "ankle_dorsiflexion_deg": m.ankle_dorsiflexion_deg,
}


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    seeds, model = cache_options(parser, seeds=3)
    errors: dict[tuple[str, str, str], list[float]] = defaultdict(list)
    yaws: dict[str, list[float]] = defaultdict(list)
    for json_path in cached_truths(seeds):
        truth = read_truth(json_path)
        reps = truth.windows[0].reps
        if not reps:
            continue
        view = json_path.stem.split("-")[-2]
        lms = landmarks(json_path.with_suffix(".mp4"), model)
        world = lms.world.astype(np.float64)
        yaws[view].append(float(np.nanmedian(view_yaw_deg(world))))
        witnesses = {
            "world": world,
            "image plane": image_plane_world(
                world, lms.image, truth.camera.width / truth.camera.height
            ),
        }
        standing = lms.t_s < min(reps[0].t_start_s, 1.0)
        for rep in reps:
            i = int(np.argmin(np.abs(lms.t_s - rep.t_peak_s)))
            peak = slice(max(i - 1, 0), i + 2)
            for name, angle in ANGLES.items():
                want = rep.metrics.get(name)
                if want is None:
                    continue
                for witness, lm in witnesses.items():
                    got = np.nanmedian(angle(lm[peak], rep.side))
                    errors[(name, view, witness)].append(float(got - want))
        if standing.sum() >= 3:
            for side in ("left", "right"):
                angle = m.ankle_dorsiflexion_deg
                got = np.nanmedian(angle(witnesses["image plane"][standing], side))
                want = np.nanmedian(angle(truth.joints[standing], side))
                errors[("ankle standing", view, "image plane")].append(float(got - want))
    print(f"{'metric':24} {'view':9} {'witness':12} {'n':>5} {'bias':>6} {'MAE':>6}")
    for (name, view, witness), values in sorted(errors.items()):
        e = np.array(values)
        e = e[np.isfinite(e)]
        print(f"{name:24} {view:9} {witness:12} {e.size:5d} {e.mean():+6.1f} "
              f"{np.abs(e).mean():6.1f}")  # fmt: skip
    print("\nbody yaw per drill clip (median over the clip), min / 5th / 50th / 95th / max:")
    for view, values in sorted(yaws.items()):
        print(
            f"  {view:9} "
            + " / ".join(f"{v:.0f}" for v in np.percentile(values, [0, 5, 50, 95, 100]))
        )


if __name__ == "__main__":
    main()
