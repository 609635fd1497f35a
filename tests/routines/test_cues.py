"""The cue selector, frame by frame on timelines of synthetic reps: what is on screen when."""

from __future__ import annotations

import math
import random
from collections.abc import Callable, Mapping, Sequence
from itertools import groupby

import pytest

from postrun.routines.cues import (
    FACE_CAMERA,
    FEET_IN_VIEW,
    STAY_ON_THE_SPOT,
    STEP_INTO_VIEW,
    SWITCH_LEGS,
    TURN_SIDE_ON,
    WHOLE_BODY_IN_VIEW,
    CueSelector,
)
from postrun.routines.drills import DRILLS
from postrun.routines.drills.tracker import TRAVELLING_KEY, RepEvent
from postrun.routines.features import VIEW_YAW_KEY, feature_names, view_yaw_deg
from postrun.routines.metrics import Side
from postrun.routines.window_run import CueFactory

FPS = 30.0
KNEE_HUG = DRILLS["knee_hug"]
KNEE, TOES, HANDS, SAME = "knee_too_low", "toes_not_up", "hands_not_on_knee", "same_side_repeated"
# Every feature seen, but not the view (added where a test needs it).
VISIBLE: dict[str, float] = {name: 20.0 for name in feature_names() if name != VIEW_YAW_KEY}
Features = Callable[[float], Mapping[str, float]]


def rep(t_s: float, *faults: str, side: Side = "left") -> RepEvent:
    return RepEvent(t_s, side, {}, tuple(faults), t_s - 0.8, t_s + 0.4)


def run(
    reps: Sequence[RepEvent],
    until_s: float,
    features: Features = lambda t: VISIBLE,
    selector: CueSelector | None = None,
) -> dict[float, str | None]:
    """Feed 30 fps frames from 0 to ``until_s``; each rep arrives on the first frame at or after
    its time. Returns the text on screen per frame time (rounded to the frame)."""
    cues = selector or CueSelector(KNEE_HUG)
    queue = sorted(reps, key=lambda r: r.t_s)
    shown: dict[float, str | None] = {}
    for i in range(round(until_s * FPS) + 1):
        t = i / FPS
        now = [r for r in queue if r.t_s <= t + 1e-9]
        queue = queue[len(now) :]
        shown[round(t, 3)] = cues.update(t, now, features(t))
    return shown


def at(shown: Mapping[float, str | None], t_s: float) -> str | None:
    return shown[round(round(t_s * FPS) / FPS, 3)]


def during(shown: Mapping[float, str | None], a: float, b: float) -> set[str | None]:
    """Everything on screen for frames in [a, b)."""
    return {v for t, v in shown.items() if a - 1e-6 <= t < b - 1e-6}


def test_a_fault_is_shown_for_its_time_then_cleared() -> None:
    shown = run([rep(1.0, KNEE)], 6.0)
    assert during(shown, 0.0, 1.0) == {None}
    assert during(shown, 1.0, 4.0) == {"Knee higher"}
    assert during(shown, 4.0, 6.0) == {None}


def test_the_highest_priority_fault_of_the_latest_rep_wins() -> None:
    assert at(run([rep(1.0, TOES, HANDS, KNEE)], 2.0), 1.0) == "Knee higher"
    assert at(run([rep(1.0, TOES, HANDS)], 2.0), 1.0) == "Hands on the knee"
    # Legs that do not alternate come first of all.
    assert at(run([rep(1.0, KNEE, SAME)], 2.0), 1.0) == SWITCH_LEGS


def test_nothing_replaces_a_cue_within_its_hold_not_even_a_higher_priority_fault() -> None:
    shown = run([rep(1.0, TOES), rep(2.0, KNEE)], 8.0)
    assert during(shown, 1.0, 3.5) == {"Toes up"}  # held 2.5 s
    assert at(shown, 3.5) == "Knee higher"  # then the waiting news shows at once
    assert during(shown, 3.5, 6.5) == {"Knee higher"}
    assert at(shown, 6.6) is None


def test_only_the_latest_reps_news_waits_for_the_hold() -> None:
    # A fault arrives during the hold, then a good rep (no praise due yet: the previous rep was
    # faulty, so it is praise that waits).
    shown = run([rep(1.0, TOES), rep(1.8, KNEE), rep(2.6)], 6.0)
    assert during(shown, 1.0, 3.5) == {"Toes up"}
    assert "Knee higher" not in set(shown.values())
    assert during(shown, 3.5, 6.0) == {KNEE_HUG.praise}


def test_the_same_fault_again_keeps_its_cue_up_without_re_putting_it() -> None:
    cues = CueSelector(KNEE_HUG)
    shown = run([rep(1.0, KNEE), rep(3.0, KNEE), rep(5.0, KNEE)], 10.0, selector=cues)
    assert during(shown, 1.0, 8.0) == {"Knee higher"}  # extended to 3 s after the last rep
    assert cues.current is None and at(shown, 8.1) is None


def test_no_nagging_the_same_cue_within_8_s() -> None:
    reps = [rep(1.0, KNEE), rep(3.0, TOES), rep(6.0, KNEE), rep(9.5, KNEE)]
    shown = run(reps, 12.0)
    assert during(shown, 1.0, 3.5) == {"Knee higher"}
    assert during(shown, 3.5, 6.5) == {"Toes up"}
    # The knee again 5 s after it was told, once in a row: not repeated.
    assert during(shown, 6.5, 9.5) == {None}
    # 8.5 s after: told again.
    assert during(shown, 9.5, 12.0) == {"Knee higher"}


def test_a_fault_persisting_over_three_reps_is_cued_again_sooner() -> None:
    reps = [rep(1.0, KNEE), rep(4.5, KNEE), rep(8.0, KNEE)]
    shown = run(reps, 11.5)
    assert during(shown, 1.0, 4.0) == {"Knee higher"}
    assert during(shown, 4.0, 8.0) == {None}  # second in a row, 3.5 s later: no nagging
    assert during(shown, 8.0, 11.0) == {"Knee higher"}  # third in a row: re-cued after 7 s


def test_a_suppressed_fault_gives_way_to_the_next_one_of_the_rep() -> None:
    shown = run([rep(1.0, KNEE), rep(5.0), rep(8.0, KNEE, TOES)], 12.0, selector=None)
    assert at(shown, 8.0) == "Toes up"


def test_praise_after_a_faulty_rep() -> None:
    shown = run([rep(1.0, KNEE), rep(2.5)], 8.0)
    assert during(shown, 1.0, 3.5) == {"Knee higher"}
    assert during(shown, 3.5, 6.5) == {"Good hug"}
    assert at(shown, 6.6) is None


def test_praise_every_third_good_rep_at_most_once_per_6_s() -> None:
    cues = CueSelector(KNEE_HUG)
    good = [rep(1.0 + 2.0 * i) for i in range(6)]  # 1, 3, 5, 7, 9, 11
    shown = run(good, 14.0, selector=cues)
    assert during(shown, 0.0, 5.0) == {None}
    assert during(shown, 5.0, 8.0) == {"Good hug"}  # the third good rep
    assert during(shown, 8.0, 11.0) == {None}
    assert during(shown, 11.0, 14.0) == {"Good hug"}  # the sixth, 6 s later
    # Third good rep in a row but praised 3.5 s ago: no praise.
    shown = run([rep(1.0, KNEE), rep(3.0), rep(5.0), rep(7.0)], 10.0)
    assert during(shown, 3.5, 6.5) == {"Good hug"}
    assert during(shown, 7.0, 10.0) == {None}


def test_the_cue_kind_is_exposed_for_the_overlay() -> None:
    cues = CueSelector(KNEE_HUG)
    assert cues.kind is None
    cues.update(1.0, [rep(1.0, KNEE)], VISIBLE)
    assert cues.kind == "fix" and cues.current is not None and cues.current.since_s == 1.0
    cues.update(3.6, [rep(3.6)], VISIBLE)
    assert cues.kind == "praise" and cues.text == "Good hug"
    for t in (4.0, 5.0, 6.7, 7.0):
        cues.update(t, [], {})
    assert cues.kind == "view" and cues.text == STEP_INTO_VIEW


def _missing_from(t0: float, missing: Mapping[str, float]) -> Features:
    return lambda t: missing if t >= t0 else VISIBLE


def test_view_cue_after_more_than_1_5_s_of_nobody_in_view() -> None:
    for nobody in ({}, {name: math.nan for name in VISIBLE}):
        shown = run([], 8.0, _missing_from(2.0, nobody))
        assert during(shown, 0.0, 3.5) == {None}
        assert during(shown, 3.55, 8.0) == {STEP_INTO_VIEW}


def test_view_cue_when_the_feet_are_out_of_view() -> None:
    feet = ("knee_flexion_deg", "leg_elevation_deg", "ankle_dorsiflexion_deg")
    no_feet = {k: (math.nan if k.endswith(feet) else v) for k, v in VISIBLE.items()}
    shown = run([], 6.0, _missing_from(1.0, no_feet))
    assert during(shown, 0.0, 2.5) == {None}
    assert during(shown, 2.55, 6.0) == {FEET_IN_VIEW}
    # Shoulders out of view: the knee hug's signal (hip flexion) is lost, the feet are seen.
    no_signal = {k: (math.nan if "hip_flexion" in k else v) for k, v in VISIBLE.items()}
    assert at(run([], 4.0, _missing_from(1.0, no_signal)), 4.0) == WHOLE_BODY_IN_VIEW


def test_a_brief_loss_of_view_says_nothing_and_a_fixed_view_clears_after_the_hold() -> None:
    shown = run([], 6.0, lambda t: {} if 1.0 <= t < 2.4 else VISIBLE)
    assert set(shown.values()) == {None}
    shown = run([], 10.0, lambda t: {} if 1.0 <= t < 3.0 else VISIBLE)
    assert during(shown, 2.55, 5.0) == {STEP_INTO_VIEW}  # held 2.5 s though fixed at 3.0
    assert during(shown, 5.1, 10.0) == {None}


def test_forward_swing_seen_from_the_front_asks_to_turn_side_on() -> None:
    swing = DRILLS["forward_swing"]
    frontal = {**VISIBLE, VIEW_YAW_KEY: 5.0}
    side_on = {**VISIBLE, VIEW_YAW_KEY: 85.0}
    assert at(run([], 3.0, lambda t: frontal, CueSelector(swing)), 3.0) == TURN_SIDE_ON
    assert set(run([], 3.0, lambda t: side_on, CueSelector(swing)).values()) == {None}
    # Without the yaw it cannot know: never guesses. Other drills do not care.
    assert set(run([], 3.0, lambda t: VISIBLE, CueSelector(swing)).values()) == {None}
    assert set(run([], 3.0, lambda t: frontal).values()) == {None}


def test_lateral_swing_seen_side_on_asks_to_face_the_camera() -> None:
    swing = DRILLS["lateral_swing"]
    side_on = {**VISIBLE, VIEW_YAW_KEY: 80.0}
    assert at(run([], 3.0, lambda t: side_on, CueSelector(swing)), 3.0) == FACE_CAMERA
    for yaw in (5.0, 45.0):  # front and diagonal both show the frontal plane well enough
        facing = {**VISIBLE, VIEW_YAW_KEY: yaw}
        assert set(run([], 3.0, lambda t, f=facing: f, CueSelector(swing)).values()) == {None}


def test_view_yaw_from_world_landmarks() -> None:
    from postrun.synth.camera import Camera
    from postrun.synth.landmarks import synthesize
    from postrun.synth.motions import DRILLS as MOTIONS

    motion = MOTIONS["forward_swing"](seed=0, duration_s=2.0)
    for azimuth, low, high in ((0.0, 0.0, 20.0), (90.0, 70.0, 90.0), (-90.0, 70.0, 90.0)):
        stream = synthesize(motion, Camera(azimuth_deg=azimuth))
        yaws = view_yaw_deg(stream.mp_world)
        assert ((low <= yaws) & (yaws <= high)).all(), azimuth
    assert math.isnan(view_yaw_deg([[math.nan] * 3] * 33))


def _runs(shown: Mapping[float, str | None]) -> list[tuple[str | None, float, float]]:
    """(text, first time, last time) of each run of one value."""
    items = sorted(shown.items())
    out = []
    for value, group in groupby(items, key=lambda kv: kv[1]):
        times = [t for t, _ in group]
        out.append((value, times[0], times[-1]))
    return out


@pytest.mark.parametrize("seed", range(8))
def test_never_flaps_on_random_timelines(seed: int) -> None:
    """Every cue stays up at least 2.5 s, and the screen is never blank for a flicker between
    two cues (at least 0.5 s), whatever the reps and the view do."""
    rng = random.Random(seed)
    faults = [f.id for f in KNEE_HUG.faults] + [SAME]
    reps, t = [], 0.5
    while t < 40.0:
        t += rng.uniform(0.4, 3.0)
        reps.append(rep(t, *rng.sample(faults, rng.choice([0, 0, 1, 1, 2]))))
    gaps = sorted(rng.uniform(0.0, 40.0) for _ in range(6))
    hidden = [(a, a + rng.uniform(0.2, 3.0)) for a in gaps]

    def features(t: float) -> Mapping[str, float]:
        return {} if any(a <= t < b for a, b in hidden) else VISIBLE

    runs = _runs(run(reps, 42.0, features))
    frame = 1.0 / FPS
    for i, (value, start, end) in enumerate(runs):
        last = i == len(runs) - 1
        if value is not None and not last:
            assert end - start + frame >= 2.5 - 0.002, (value, start, end)  # times in ms
        if value is None and i > 0 and not last:
            assert end - start + frame >= 0.5 - 0.002, (start, end)


def test_time_going_backwards_or_nan_is_taken_as_the_last_time() -> None:
    cues = CueSelector(KNEE_HUG)
    cues.update(math.nan, [], VISIBLE)  # no time yet
    assert cues.update(1.0, [rep(1.0, KNEE)], VISIBLE) == "Knee higher"
    assert cues.update(math.nan, [rep(0.5, TOES)], VISIBLE) == "Knee higher"
    assert cues.update(0.2, [], VISIBLE) == "Knee higher"  # time does not go back
    assert cues.update(math.inf, [], VISIBLE) == "Knee higher"
    assert cues.update(3.4, [], VISIBLE) == "Knee higher"  # held
    assert cues.update(3.5, [], VISIBLE) == "Toes up"  # the waiting news, after the hold


def test_unknown_faults_and_odd_features_do_not_crash() -> None:
    cues = CueSelector(KNEE_HUG)
    odd = {"left_hip_flexion_deg": math.inf, "trunk_lean_deg": -math.inf, "junk": math.nan}
    assert cues.update(1.0, [rep(1.0, "wobbly_knee")], odd) == "Wobbly knee"


def test_drop_in_cue_factory_for_a_window_run() -> None:
    """Plugged into the session's WindowRun on a synthetic knee hug with low knees."""
    from postrun.routines.analysis import frame_features
    from postrun.routines.metrics import MEDIAPIPE_WORLD_UP
    from postrun.routines.routine import load_routine
    from postrun.routines.thresholds import load_thresholds
    from postrun.routines.window_run import WindowRun
    from postrun.synth.landmarks import synthesize
    from postrun.synth.motions import DRILLS as MOTIONS

    factory: CueFactory = CueSelector
    window = next(w for w in load_routine("post-run").windows if w.drill == "knee_hug")
    motion = MOTIONS["knee_hug"](seed=0, faults=(KNEE,), fault_rate=1.0)
    stream = synthesize(motion)
    gated, raw = frame_features(stream.mp_world, stream.visibility, MEDIAPIPE_WORLD_UP, 0.5)
    run_ = WindowRun(0, window, KNEE_HUG, load_thresholds(), factory(KNEE_HUG), 0.0)
    on_screen: list[str | None] = []
    for t, g, r in zip(stream.t_s, gated, raw, strict=True):
        run_.update(float(t), g, r)
        on_screen.append(run_.cue)
    record = run_.finish(float(stream.t_s[-1]))
    assert record.cues and record.cues[0].text == "Knee higher"
    put_up = [v for v, _ in groupby(on_screen) if v is not None]
    # Every rep low, one every 2-3 s: told once and kept up while it persists, no nagging.
    assert put_up == ["Knee higher"]
    assert on_screen.count("Knee higher") > 0.5 * len(on_screen)


def test_a_window_run_shows_the_tracker_the_empty_frames() -> None:
    """Live as offline: someone seen, gone for a second and back raising a knee is no rep,
    while the same lift with the person in view all along counts."""
    from postrun.routines.routine import load_routine
    from postrun.routines.thresholds import load_thresholds
    from postrun.routines.window_run import WindowRun

    window = next(w for w in load_routine("post-run").windows if w.drill == "knee_hug")

    def reps(gone: tuple[float, float]) -> int:
        run_ = WindowRun(0, window, KNEE_HUG, load_thresholds(), CueSelector(KNEE_HUG), 0.0)
        for i in range(round(6.0 * 30.0)):
            t = i / 30.0
            lift = 95.0 * math.cos(math.pi * (t - 4.0) / 1.2) if abs(t - 4.0) < 0.6 else 0.0
            frame = {VIEW_YAW_KEY: 10.0, "left_hip_flexion_deg": 5.0}
            frame["right_hip_flexion_deg"] = 5.0 + lift
            run_.update(t, None if gone[0] <= t < gone[1] else frame, None)
        return len(run_.finish(6.0).reps)

    assert reps((0.0, 0.0)) == 1
    assert reps((2.4, 3.4)) == 0


def test_travelling_asks_to_stay_on_the_spot() -> None:
    """Reps done walking are not counted; the runner is told why once it has lasted."""
    walking = {**VISIBLE, TRAVELLING_KEY: 1.0}
    shown = run([], 6.0, lambda t: walking if 1.0 <= t < 3.0 else VISIBLE)
    assert during(shown, 0.0, 1.0) == {None}
    assert at(shown, 2.8) == STAY_ON_THE_SPOT
    assert during(shown, 5.6, 6.0) == {None}  # cleared once back in place
