"""Where each fault's line should sit, from data: the rule's metric on real pixels for reps in
correct form and reps with the fault, and the line that separates them best.

    python -m bench.fault_lines [--seeds N] [--first-seed S] [--model full]

Reads the rendered clips and landmarks cached by bench.accuracy_rendered (run it first). For
every fault rule of every drill: how many reps of each kind were matched, the current line and
its precision/recall, the line with the best F1 on these clips and its precision/recall, and
the area under the ROC curve (how separable the two kinds are at all; 0.5 is chance). Tune on
one seed and check on others: a line fitted here is only as good as its held-out numbers.
"""

from __future__ import annotations

import argparse
from collections import defaultdict

import numpy as np

from bench.accuracy_rendered import cache_options, cached_truths, landmarks, witness
from bench.scoring import match
from bench.tables import nominal_yaw
from postrun.routines.analysis import track_drill
from postrun.routines.drills import DRILLS as SPECS
from postrun.routines.drills.spec import FaultRule
from postrun.routines.metrics import MEDIAPIPE_WORLD_UP
from postrun.routines.thresholds import load_thresholds
from postrun.synth.truth import read_truth


def _flagged(rule: FaultRule, values: np.ndarray, line: float) -> np.ndarray:
    return values < line if rule.direction == "below" else values > line


def _scores(line: float, rule: FaultRule, bad: np.ndarray, good: np.ndarray) -> tuple[float, float]:
    tp, fp = int(_flagged(rule, bad, line).sum()), int(_flagged(rule, good, line).sum())
    precision = tp / (tp + fp) if tp + fp else float("nan")
    recall = tp / bad.size if bad.size else float("nan")
    return precision, recall


def _auc(bad: np.ndarray, good: np.ndarray, rule: FaultRule) -> float:
    sign = -1.0 if rule.direction == "below" else 1.0  # larger = more faulty
    b, g = sign * bad[:, None], sign * good[None, :]
    return float(np.mean((b > g) + 0.5 * (b == g))) if bad.size and good.size else float("nan")


def _best_line(rule: FaultRule, bad: np.ndarray, good: np.ndarray) -> float:
    candidates = np.unique(np.concatenate([bad, good]))
    mids = 0.5 * (candidates[1:] + candidates[:-1]) if candidates.size > 1 else candidates

    def f1(line: float) -> float:
        p, r = _scores(line, rule, bad, good)
        return 0.0 if not (p + r) or np.isnan(p) else 2 * p * r / (p + r)

    return float(max(mids, key=f1)) if mids.size else float("nan")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    seeds, model = cache_options(parser, seeds=1)
    thresholds = load_thresholds()
    values: dict[tuple[str, str, str], dict[bool, list[float]]] = defaultdict(
        lambda: {True: [], False: []}
    )
    for json_path in cached_truths(seeds):
        drill, view = json_path.stem.split("-")[0], json_path.stem.split("-")[-2]
        if drill not in SPECS:
            continue
        truth = read_truth(json_path).windows[0]
        lms = landmarks(json_path.with_suffix(".mp4"), model)
        events = track_drill(drill, thresholds, lms.t_s, lms.world, lms.visibility,
                             MEDIAPIPE_WORLD_UP, truth.side, *witness(lms))  # fmt: skip
        for event, rep in match(events, truth.reps):
            if event is None or rep is None:
                continue
            for rule in SPECS[drill].faults:
                if not rule.judged_from(nominal_yaw(view)):
                    continue  # the camera cannot judge it from this view
                metric, line_key = rule.witness(nominal_yaw(view))
                value = event.metrics.get(metric)
                if value is not None and np.isfinite(value):
                    values[(drill, rule.id, line_key)][rule.id in rep.faults].append(value)
    print(f"{'drill':18} {'fault':28} {'bad':>4} {'good':>4} {'AUC':>5}  {'line':>6} "
          f"{'P':>5} {'R':>5}  {'best':>6} {'P':>5} {'R':>5}")  # fmt: skip
    for (drill, fault, line_key), kinds in values.items():
        rule = SPECS[drill].fault(fault)
        bad, good = np.array(kinds[True]), np.array(kinds[False])
        line = thresholds.of(drill)[line_key]
        if line_key != rule.threshold_key:
            fault = f"{fault} (side-on)"
        best = _best_line(rule, bad, good)
        now_p, now_r = _scores(line, rule, bad, good)
        best_p, best_r = _scores(best, rule, bad, good)
        print(
            f"{drill:18} {fault:28} {bad.size:4d} {good.size:4d} {_auc(bad, good, rule):5.2f}  "
            f"{line:6.2f} {now_p:5.2f} {now_r:5.2f}  {best:6.2f} {best_p:5.2f} {best_r:5.2f}"
        )


if __name__ == "__main__":
    main()
