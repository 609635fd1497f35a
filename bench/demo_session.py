"""The bundled demo through the guided session, against its truth: reps per window and the
faults raised (the demo is the routine done in correct form, so every fault is a false one).

    postrun demo --no-show --out DIR && python -m bench.demo_session DIR

Reads DIR/report.json and the demo's truth (tests/fixtures/clips/demo.json).
"""

from __future__ import annotations

import argparse
import json
from collections import Counter
from pathlib import Path

TRUTH = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "clips" / "demo.json"


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("out_dir", type=Path, help="the folder `postrun demo --out` wrote")
    args = parser.parse_args()
    path = args.out_dir / "report.json"
    if not path.is_file():
        parser.exit(2, f"No report at {path}: run `postrun demo --out {args.out_dir}` first.\n")
    report = json.loads(path.read_text("utf-8"))
    truth = json.loads(TRUTH.read_text("utf-8"))
    exact = false_faults = 0
    print(f"{'window':26} {'got L+R':>8} {'truth':>8}  faults raised")
    for window, true in zip(report["windows"], truth["windows"], strict=False):
        want = Counter(rep["side"] for rep in true["reps"])
        got = window["reps"]
        same = all(got.get(s, 0) == want.get(s, 0) for s in ("left", "right"))
        exact += same
        faults = {k: n for k, n in window["faults"].items() if n}
        false_faults += sum(faults.values())
        name = f"{window['drill']} {window['side'] or ''}".strip()
        print(f"{name:26} {got.get('left', 0):>3} + {got.get('right', 0):<2} "
              f"{want.get('left', 0):>3} + {want.get('right', 0):<2}  "
              f"{', '.join(f'{k} {n}' for k, n in faults.items()) or 'none'}")  # fmt: skip
    print(f"counts exact in {exact} of {len(report['windows'])} windows; "
          f"{false_faults} false faults; complete: {report['complete']}")  # fmt: skip


if __name__ == "__main__":
    main()
