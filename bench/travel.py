"""How far the body travels during real reps and during the distractors, on rendered clips:
the numbers behind the travel check's limits (``travel_max``, ``approach_max`` in
routines/thresholds.toml) and the "Stay on the spot" cue.

    python -m bench.travel [--seeds N] [--first-seed S] [--model full]

Reads the clips and landmarks cached by bench.accuracy_rendered (run it first). For every rep
the rules count on a drill clip with the travel limits switched off: the hips' travel across the
picture and the trunk's change of size over the span the check looks at, as percentiles per
drill. For every clip: whether the cue would show (the tracker says "travelling" for longer
than the cue's delay).
"""

from __future__ import annotations

import argparse
import dataclasses
import math
from collections import defaultdict

import numpy as np

from bench.accuracy_rendered import cache_options, cached_truths, landmarks, witness
from postrun.routines.analysis import frame_features
from postrun.routines.drills import DRILLS
from postrun.routines.drills.tracker import TRAVEL_LEAD_S, DrillTracker
from postrun.routines.features import body_in_picture
from postrun.routines.metrics import MEDIAPIPE_WORLD_UP
from postrun.routines.thresholds import Thresholds, load_thresholds
from postrun.synth.fixtures import SIZE
from postrun.synth.truth import read_truth

CUE_DELAY_S = 1.5  # CueSelector's view_s


def _limitless(thresholds: Thresholds) -> Thresholds:
    off = {"travel_max": math.inf, "approach_max": math.inf}
    drills = {name: {**limits, **off} for name, limits in thresholds.drills.items()}
    return dataclasses.replace(thresholds, common={**thresholds.common, **off}, drills=drills)


def _travel(
    body: dict[str, np.ndarray], t_s: np.ndarray, start: float, end: float
) -> tuple[float, float]:
    """(travel in trunk lengths, log size ratio) as the tracker measures them."""
    span = (t_s >= start - TRAVEL_LEAD_S) & (t_s <= end)
    x, y, trunk = (body[k][span] for k in ("body_x", "body_y", "body_trunk"))
    ok = np.isfinite(x) & np.isfinite(y) & np.isfinite(trunk) & (trunk > 0)
    if ok.sum() < 2:
        return math.nan, math.nan
    x, y, trunk = x[ok], y[ok], trunk[ok]
    spread = [np.percentile(v, 95.0) - np.percentile(v, 5.0) for v in (x, y)]
    moved = math.hypot(*spread) / float(np.median(trunk))
    return moved, math.log(np.percentile(trunk, 95.0) / np.percentile(trunk, 5.0))


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    seeds, model = cache_options(parser, seeds=4)
    thresholds = load_thresholds()
    limitless = _limitless(thresholds)
    aspect = SIZE[0] / SIZE[1]
    reps: dict[str, list[tuple[float, float]]] = defaultdict(list)
    cued: dict[str, list[bool]] = defaultdict(list)
    for json_path in cached_truths(seeds):
        name, lms = json_path.stem.split("-")[0], landmarks(json_path.with_suffix(".mp4"), model)
        drill = name if name in DRILLS else "knee_hug"  # distractors: any drill's tracker
        side = read_truth(json_path).windows[0].side if name in DRILLS else None
        image, _ = witness(lms)
        gated, raw = frame_features(lms.world, lms.visibility, MEDIAPIPE_WORLD_UP, 0.5, image,
                                    aspect)  # fmt: skip
        body = body_in_picture(lms.image, aspect)
        counting = DrillTracker(DRILLS[drill], limitless, side)
        cueing = DrillTracker(DRILLS[drill], thresholds, side)
        since: float | None = None  # travelling since
        shown = False
        for t, features, signals in zip(lms.t_s, gated, raw, strict=True):
            if name in DRILLS:
                for event in counting.update(float(t), features, signals):
                    reps[name].append(_travel(body, lms.t_s, event.start_s, event.end_s))
            cueing.update(float(t), features, signals)
            since = (since if since is not None else float(t)) if cueing.travelling else None
            shown = shown or (since is not None and t - since > CUE_DELAY_S)
        cued["drill clips" if name in DRILLS else name].append(shown)
    print(f"{'reps of':18} {'reps':>5} {'travel p50/p99/max':>22} {'size p50/p99/max':>22}"
          f" {'limits':>12}")  # fmt: skip
    for name, values in reps.items():
        arr = np.array(values, dtype=float)
        q = [np.nanpercentile(arr[:, k], [50, 99, 100]) for k in (0, 1)]
        limits = [thresholds.of(name).get(k, thresholds.common[k])
                  for k in ("travel_max", "approach_max")]  # fmt: skip
        print(
            f"{name:18} {len(arr):5d} "
            + " ".join(f"{'/'.join(f'{v:.2f}' for v in c):>22}" for c in q)
            + f" {limits[0]:5.2f}/e^{limits[1]:.2f}"
        )
    print("clips where the 'Stay on the spot' cue would show:")
    for name, flags in cued.items():
        print(f"  {name:16} {sum(flags)} of {len(flags)}")


if __name__ == "__main__":
    main()
