"""The guided session's overlay: a plain ``CoachView`` drawn over the (mirrored) frame so it reads
from three metres. Phases with a card (get ready, summary, setup, paused, done) show it over the
video; the active window shows the countdown, rep counters, the gauge and the cue.

The session (``routines/``) builds the ``CoachView``; nothing here knows about drills."""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Literal

import cv2
import numpy as np
from numpy.typing import NDArray

from postrun.vision.coach_widgets import (
    BOLD,
    FORM_COLORS,
    GREY,
    SANS,
    WHITE,
    Gauge,
    bar,
    box,
    draw_gauge,
    fit_scale,
    put,
    ring,
    shade,
    text_size,
    wrap,
)
from postrun.vision.demo_figure import draw_figure
from postrun.vision.landmarks import EDGES, NAMES
from postrun.vision.overlay import FIX, GOOD, LEFT_COLOR, RIGHT_COLOR, WATCH, Color, ViewModel, draw
from postrun.vision.types import ImageArray, Pose

__all__ = ["CARD_PHASES", "CoachView", "Gauge", "draw_coach", "edge_colors", "ui_scale"]

CueKind = Literal["fix", "praise", "info"]
Form = Literal["good", "watch", "fix"]

CARD_PHASES = frozenset(
    {"GET READY", "SWITCH SIDES", "SUMMARY", "SETUP", "CALIBRATE", "PAUSED", "DONE"}
)
_PHASE_COLORS: dict[str, Color] = {
    "GET READY": WATCH,
    "SWITCH SIDES": WATCH,
    "SETUP": WATCH,
    "CALIBRATE": WATCH,
    "SUMMARY": LEFT_COLOR,
    "PAUSED": (230, 230, 230),
    "DONE": GOOD,
}
_CUE_COLORS: dict[str, Color] = {"fix": FIX, "praise": (60, 150, 60), "info": (90, 60, 30)}
_NEUTRAL: Color = (200, 200, 200)
_LEG = ("knee", "ankle", "heel", "foot")
_ARM = ("elbow", "wrist")


@dataclass(frozen=True)
class CoachView:
    """Everything the coach overlay shows for one frame; plain data, no behaviour.

    ``phase``: a label such as "GET READY", "GO", "SUMMARY", "PAUSED", "SETUP",
    "SWITCH SIDES", "DONE" (case and underscores do not matter; unknown labels draw the active
    HUD). ``progress`` is 0..1 through the current phase. ``form`` colours the skeleton: keys
    "left"/"right" (a whole side), "left_leg", "right_leg", "left_arm", "right_arm", "torso";
    values "good"/"watch"/"fix". ``side`` is the working leg of a one-side window (the other
    counter is dimmed). ``mirrored`` flips the picture like a selfie; labels stay anatomical."""

    phase: str = ""
    title: str = ""
    instruction: str = ""
    seconds_left: float | None = None
    progress: float | None = None
    window: str | None = None
    reps_left: int | None = None
    reps_right: int | None = None
    side: str | None = None
    cue: str | None = None
    cue_kind: CueKind = "info"
    gauge: Gauge | None = None
    tracking_ok: bool = True
    fps: float | None = None
    summary: tuple[str, ...] = ()
    form: Mapping[str, Form] = field(default_factory=dict)
    mirrored: bool = False
    # The movement shown on the get-ready card: (33, 2) points, x right, y down, any scale.
    demo: NDArray[np.float64] | None = None


def ui_scale(width: int, height: int) -> float:
    """Size unit of the overlay: 1.0 at 640x480, proportional to the frame's short side."""
    return min(width, height) / 480


def phase_key(phase: str) -> str:
    key = phase.strip().upper().replace("_", " ").replace("-", " ")
    return {"SIDE SWITCH": "SWITCH SIDES", "ACTIVE": "GO", "GET_READY": "GET READY"}.get(key, key)


def edge_colors(form: Mapping[str, str]) -> dict[tuple[int, int], Color]:
    """Skeleton edge colours from per-limb / per-side form; unnamed parts stay neutral."""
    if not form:
        return {}
    colors: dict[tuple[int, int], Color] = {}
    for a, b in EDGES:
        names = f"{NAMES[a]} {NAMES[b]}"
        sides = {n.split("_")[0] for n in (NAMES[a], NAMES[b])} & {"left", "right"}
        side = sides.pop() if len(sides) == 1 else ""
        if any(p in names for p in _LEG):
            keys = [f"{side}_leg", side]
        elif any(p in names for p in _ARM):
            keys = [f"{side}_arm", side]
        elif "shoulder" in names or "hip" in names:
            keys = ["torso", side]
        else:
            keys = ["head"]
        level = next((form[k] for k in keys if k in form), None)
        colors[(a, b)] = FORM_COLORS.get(level or "", _NEUTRAL)
    return colors


def draw_coach(image: ImageArray, pose: Pose | None, view: CoachView) -> ImageArray:
    """A new picture: the frame (mirrored if asked), the skeleton coloured by form, and the HUD
    or card of the view's phase. The input image is not modified."""
    canvas = draw(
        image, ViewModel(pose, mirrored=view.mirrored, edge_colors=edge_colors(view.form))
    )
    h, w = int(canvas.shape[0]), int(canvas.shape[1])
    if min(h, w) < 24:
        return canvas
    u = ui_scale(w, h)
    m = max(2, round(10 * u))
    phase = phase_key(view.phase)
    bottom = _draw_cue(canvas, view.cue, view.cue_kind, u, m) if phase not in _NO_CUE else h
    if phase in CARD_PHASES:
        below_chip = _draw_tracking(canvas, view, u, m, m)
        _draw_card(canvas, view, phase, u, m, below_chip, bottom)
        return canvas
    top = _draw_top(canvas, view, u, m)
    _draw_counters(canvas, view, u, m, top, bottom)
    if view.gauge is not None:
        width = round(min(0.6 * w, 360 * u))
        y0 = bottom - m - round(40 * u)
        draw_gauge(canvas, view.gauge, (w - width) // 2, y0, width, u)
    _draw_tracking(canvas, view, u, m, top + m)
    return canvas


_NO_CUE = frozenset({"GET READY", "SWITCH SIDES", "SUMMARY", "DONE"})


def _draw_top(canvas: ImageArray, view: CoachView, u: float, m: int) -> int:
    """Title, instruction, window number and the countdown; returns the band's bottom y."""
    w = canvas.shape[1]
    radius = round(40 * u)
    band = round(76 * u)
    shade(canvas, 0, 0, w, band, 0.6)
    right = w - 2 * m - 2 * radius
    if view.window:
        scale = 0.6 * u
        tw, th = text_size(view.window, scale)
        put(canvas, view.window, (right - tw, m + th), scale, GREY)
        right -= tw + m
    title_scale = fit_scale(view.title, right - m, 1.05 * u, 0.4 * u, BOLD)
    cap = text_size("0", title_scale, BOLD)[1]
    put(canvas, view.title, (m, m + cap), title_scale, WHITE, BOLD)
    if view.instruction:
        scale = fit_scale(view.instruction, w - 3 * m - 2 * radius, 0.62 * u, 0.38 * u, SANS)
        put(canvas, view.instruction, (m, band - m - round(6 * u)), scale, (225, 225, 225))
    progress = _unit(view.progress)
    if progress is not None:
        color = WATCH if progress > 0.75 else GOOD
        bar(canvas, 0, band - round(6 * u), w, band, progress, color)
    if view.seconds_left is not None or progress is not None:
        label = _seconds(view.seconds_left)
        remaining = 1.0 - progress if progress is not None else 1.0
        ring(canvas, (w - m - radius, m + radius), radius, remaining, label)
    return band


def _draw_counters(
    canvas: ImageArray, view: CoachView, u: float, m: int, top: int, bottom: int
) -> None:
    """Per-side rep counters where that leg appears: facing the camera, the person's left is on
    the screen's right, unless the preview is mirrored."""
    h, w = canvas.shape[:2]
    cw, ch = round(104 * u), round(118 * u)
    y0 = max(top + 4 * m, min(bottom - ch - 7 * m, (h - ch) // 2))
    left_x = m if view.mirrored else w - m - cw
    right_x = w - m - cw if view.mirrored else m
    for side, reps, x0, color in (
        ("left", view.reps_left, left_x, LEFT_COLOR),
        ("right", view.reps_right, right_x, RIGHT_COLOR),
    ):
        if reps is None:
            continue
        active = view.side is None or view.side == side
        shade(canvas, x0, y0, x0 + cw, y0 + ch, 0.6 if active else 0.4)
        box(canvas, x0, y0, x0 + cw, y0 + max(3, round(6 * u)), color if active else GREY)
        label = side.upper()
        scale = fit_scale(label, cw - m, 0.7 * u, 0.2 * u, BOLD)
        tw, th = text_size(label, scale, BOLD)
        put(canvas, label, (x0 + (cw - tw) // 2, y0 + round(14 * u) + th), scale, color, BOLD)
        number = str(reps)
        scale = fit_scale(number, cw - m, 2.4 * u, 0.3 * u, BOLD)
        tw, th = text_size(number, scale, BOLD)
        num_color = WHITE if active else GREY
        put(
            canvas,
            number,
            (x0 + (cw - tw) // 2, y0 + ch - m - round(4 * u)),
            scale,
            num_color,
            BOLD,
        )


def _draw_cue(canvas: ImageArray, cue: str | None, kind: str, u: float, m: int) -> int:
    """The cue, large, on a solid chip at the bottom; returns the chip's top y."""
    h, w = int(canvas.shape[0]), int(canvas.shape[1])
    if not cue or not cue.strip():
        return h
    pad = round(12 * u)
    room = w - 2 * m - 2 * pad
    scale = fit_scale(cue, room, 1.35 * u, 0.85 * u, BOLD)
    lines = wrap(cue, room, scale, BOLD)[:2]
    scale = min(fit_scale(line, room, scale, 0.3 * u, BOLD) for line in lines)
    cap = text_size("0", scale, BOLD)[1]
    gap = round(cap * 0.6)
    width = max(text_size(line, scale, BOLD)[0] for line in lines) + 2 * pad
    height = len(lines) * cap + (len(lines) - 1) * gap + 2 * pad
    x0, y0 = (w - width) // 2, h - m - height
    box(canvas, x0 - 2, y0 - 2, x0 + width + 2, y0 + height + 2, (255, 255, 255))
    box(canvas, x0, y0, x0 + width, y0 + height, _CUE_COLORS.get(kind, _CUE_COLORS["info"]))
    for k, line in enumerate(lines):
        tw = text_size(line, scale, BOLD)[0]
        put(canvas, line, ((w - tw) // 2, y0 + pad + cap + k * (cap + gap)), scale, WHITE, BOLD)
    return y0


def _draw_card(
    canvas: ImageArray, view: CoachView, phase: str, u: float, m: int, top: int, bottom: int
) -> None:
    """A semi-transparent card: phase label, title, instruction, then a big countdown (get
    ready, switch sides) or the summary lines (summary, done)."""
    w = canvas.shape[1]
    cw = round(min(w - 2 * m, 600 * u))
    pad = round(18 * u)
    inner = cw - 2 * pad
    rows: list[tuple[str, int, float, Color, int]] = []  # text, font, scale, colour, gap above
    rows.append((phase, BOLD, 0.8 * u, _PHASE_COLORS.get(phase, WHITE), 0))
    if view.title:
        scale = fit_scale(view.title, inner, 1.2 * u, 0.7 * u, BOLD)
        rows += [
            (t, BOLD, scale, WHITE, round(14 * u)) for t in wrap(view.title, inner, scale, BOLD)
        ]
    for line in wrap(view.instruction, inner, 0.68 * u)[:3]:
        rows.append(
            (
                line,
                SANS,
                fit_scale(line, inner, 0.68 * u, 0.3 * u, SANS),
                (230, 230, 230),
                round(10 * u),
            )
        )
    countdown = (
        phase in ("GET READY", "SWITCH SIDES", "CALIBRATE") and view.seconds_left is not None
    )
    if countdown:
        rows.append((_seconds(view.seconds_left), BOLD, 3.0 * u, WHITE, round(22 * u)))
    for line in view.summary[:7]:
        rows.append(
            (line, SANS, fit_scale(line, inner, 0.7 * u, 0.3 * u, SANS), WHITE, round(12 * u))
        )
    caps = [text_size("0", s, f)[1] for _, f, s, _, _ in rows]
    progress = _unit(view.progress)
    bar_h = round(8 * u) if progress is not None else 0
    ch = 2 * pad + sum(caps) + sum(r[4] for r in rows) + (bar_h + round(14 * u) if bar_h else 0)
    x0 = (w - cw) // 2
    room = bottom - m
    y0 = top if phase in ("SETUP", "CALIBRATE") else max(top, (room - ch) // 2)
    shade(canvas, x0, y0, x0 + cw, y0 + ch, 0.72, 15)
    box(canvas, x0, y0, x0 + cw, y0 + max(3, round(5 * u)), _PHASE_COLORS.get(phase, WHITE))
    if view.window:
        tw, th = text_size(view.window, 0.6 * u)
        put(canvas, view.window, (x0 + cw - pad - tw, y0 + pad + th), 0.6 * u, GREY)
    y = y0 + pad
    for (text, font, scale, color, gap), cap in zip(rows, caps, strict=True):
        y += gap + cap
        tw = text_size(text, scale, font)[0]
        put(canvas, text, (x0 + (cw - tw) // 2, y), scale, color, font)
    if progress is not None:
        y += round(14 * u)
        color = WATCH if phase != "SUMMARY" else LEFT_COLOR
        bar(canvas, x0 + pad, y, x0 + cw - pad, y + bar_h, 1.0 - progress, color)
    if view.demo is not None and phase in ("GET READY", "SWITCH SIDES"):
        size = min(round(150 * u), room - (y0 + ch) - m)
        if size > 30 * u:
            fx0, fy0 = (w - size) // 2, y0 + ch + m
            shade(canvas, fx0, fy0, fx0 + size, fy0 + size, 0.6, 10)
            inset = round(10 * u)
            draw_figure(canvas, view.demo, (fx0 + inset, fy0 + inset, fx0 + size - inset,
                        fy0 + size - inset), WHITE, max(1, round(3 * u)))  # fmt: skip


def _draw_tracking(canvas: ImageArray, view: CoachView, u: float, m: int, y: int) -> int:
    """A small dot (green: tracking, red: lost) and the frame rate at the left, from ``y`` down;
    returns the y below it."""
    text = "tracking" if view.tracking_ok else "no body"
    if view.fps is not None and math.isfinite(view.fps):
        text += f"  {view.fps:.0f} fps"
    scale = 0.45 * u
    tw, th = text_size(text, scale)
    r = max(2, round(5 * u))
    shade(canvas, m // 2, y - m // 2 + 1, m + 2 * r + m // 2 + tw + m, y + th + m // 2 + 2, 0.5)
    color = GOOD if view.tracking_ok else FIX
    cx = m + r
    cv2.circle(canvas, (cx, y + th // 2 + 1), r, color, -1, cv2.LINE_AA)
    put(canvas, text, (cx + r + m // 2, y + th), scale, WHITE, SANS, outline=False)
    return y + th + m


def _unit(value: float | None) -> float | None:
    if value is None or not math.isfinite(value):
        return None
    return min(1.0, max(0.0, value))


def _seconds(value: float | None) -> str:
    if value is None or not math.isfinite(value):
        return ""
    return str(max(0, math.ceil(value - 1e-6)))
