"""How a rendered person and their room look: clothes, skin, hair, lighting, background, sensor.

Plain data and numpy only. :func:`random_appearance` draws a varied but plausible runner after a
run: a running shirt (short or long sleeves, or a vest), shorts or tights, running shoes with
light soles, optional socks, a skin tone across the whole human range, hair from shaved to
voluminous, a key light, a fill light and ambient light of varied direction, strength and
colour temperature, a plain, procedural-room or photographic background, and mild sensor noise.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

import numpy as np
from numpy.typing import NDArray

from postrun.synth.render.anatomy import FACE_FEATURES, PARTS, Regions

RGB = tuple[float, float, float]
FloatArray = NDArray[np.float64]

BackgroundKind = Literal["plain", "room", "photo"]

# Skin tones from very light to very dark (linear-ish sRGB 0..1), after common make-up palettes.
SKIN_TONES: tuple[RGB, ...] = (
    (0.96, 0.80, 0.69),
    (0.92, 0.74, 0.62),
    (0.87, 0.67, 0.53),
    (0.78, 0.58, 0.44),
    (0.68, 0.48, 0.35),
    (0.55, 0.37, 0.25),
    (0.42, 0.28, 0.19),
    (0.30, 0.20, 0.14),
)
HAIR_COLOURS: tuple[RGB, ...] = (
    (0.05, 0.04, 0.04),  # black
    (0.17, 0.11, 0.07),  # dark brown
    (0.33, 0.22, 0.13),  # brown
    (0.62, 0.47, 0.28),  # dark blond
    (0.85, 0.73, 0.50),  # blond
    (0.48, 0.20, 0.08),  # auburn
    (0.62, 0.62, 0.62),  # grey
)
# Running kit: bright technical fabrics and the usual black, navy and grey.
KIT_COLOURS: tuple[RGB, ...] = (
    (0.05, 0.05, 0.06),
    (0.10, 0.14, 0.32),
    (0.45, 0.46, 0.48),
    (0.92, 0.92, 0.90),
    (0.85, 0.12, 0.10),
    (0.98, 0.45, 0.05),
    (0.95, 0.85, 0.10),
    (0.55, 0.85, 0.15),
    (0.05, 0.55, 0.80),
    (0.10, 0.65, 0.60),
    (0.85, 0.25, 0.55),
    (0.45, 0.20, 0.65),
)


@dataclass(frozen=True)
class Clothing:
    """Colours and cut. ``sleeve`` and ``leg_cover`` are on the limb coordinates of
    :class:`~postrun.synth.render.anatomy.Regions`: 0 at the shoulder / hip, 1 at the elbow /
    knee, 2 at the wrist / ankle (0 is a sleeveless top; 0.35 short sleeves; 2 long sleeves;
    0.3 short shorts; 1.0 knee length; 1.95 full tights)."""

    shirt: RGB = (0.05, 0.45, 0.80)
    sleeve: float = 0.4
    bottoms: RGB = (0.06, 0.06, 0.07)
    leg_cover: float = 0.45
    shoes: RGB = (0.90, 0.35, 0.10)
    soles: RGB = (0.92, 0.92, 0.90)
    socks: RGB | None = (0.95, 0.95, 0.95)
    waist_m: float = 0.12  # shirt hem above the hip joints


@dataclass(frozen=True)
class Lighting:
    """A key light (directional, from ``key_azimuth_deg`` around the camera's line of sight and
    ``key_elevation_deg`` above the horizon), a weaker fill from the other side, and ambient."""

    key_azimuth_deg: float = 30.0
    key_elevation_deg: float = 45.0
    key_intensity: float = 3.0
    fill_intensity: float = 1.0
    ambient: float = 0.35
    colour_temperature: float = 0.0  # -1 cool .. +1 warm
    shadows: bool = True


@dataclass(frozen=True)
class Background:
    """``plain``: one-colour wall and floor; ``room``: procedural walls and floor with doors,
    frames and furniture; ``photo``: public-domain / CC0 photographs and textures from
    scikit-image's data set on the walls and floor (falls back to ``room`` when absent)."""

    kind: BackgroundKind = "room"
    wall: RGB = (0.80, 0.78, 0.72)
    floor: RGB = (0.55, 0.42, 0.30)
    wall_distance_m: float = 1.5  # behind the person, along the camera's line of sight
    side_wall: bool = True
    seed: int = 0


@dataclass(frozen=True)
class Appearance:
    skin: RGB = SKIN_TONES[3]
    hair: RGB = HAIR_COLOURS[1]
    hair_volume_m: float = 0.008  # hair thickness over the scalp; 0 shaved
    clothing: Clothing = field(default_factory=Clothing)
    lighting: Lighting = field(default_factory=Lighting)
    background: Background = field(default_factory=Background)
    noise_sigma: float = 2.0  # sensor noise, 8-bit levels
    blur_sigma: float = 0.6  # lens softness, pixels
    seed: int = 0  # fabric and skin texture


def _pick(rng: np.random.Generator, options: tuple[RGB, ...], jitter: float = 0.04) -> RGB:
    base = np.asarray(options[int(rng.integers(len(options)))])
    c = np.clip(base * rng.uniform(1.0 - jitter, 1.0 + jitter, 3), 0.0, 1.0)
    return (float(c[0]), float(c[1]), float(c[2]))


def random_appearance(rng: np.random.Generator) -> Appearance:
    """A random but plausible runner, room and light."""
    shirt = _pick(rng, KIT_COLOURS)
    bottoms = _pick(rng, KIT_COLOURS[:4] if rng.random() < 0.7 else KIT_COLOURS)
    sleeve = float(rng.choice([0.0, 0.35, 0.45, 0.55, 1.9, 2.0], p=[0.1, 0.3, 0.2, 0.1, 0.1, 0.2]))
    leg_cover = float(rng.choice([0.3, 0.4, 0.5, 0.9, 1.95], p=[0.25, 0.3, 0.15, 0.1, 0.2]))
    clothing = Clothing(
        shirt=shirt,
        sleeve=sleeve,
        bottoms=bottoms,
        leg_cover=leg_cover,
        shoes=_pick(rng, KIT_COLOURS),
        soles=_pick(rng, ((0.92, 0.92, 0.90), (0.15, 0.15, 0.15), (0.85, 0.80, 0.65))),
        socks=None if rng.random() < 0.3 else _pick(rng, KIT_COLOURS[:4]),
        waist_m=float(rng.uniform(0.09, 0.15)),
    )
    lighting = Lighting(
        key_azimuth_deg=float(rng.uniform(-70.0, 70.0)),
        key_elevation_deg=float(rng.uniform(20.0, 70.0)),
        key_intensity=float(rng.uniform(2.0, 4.5)),
        fill_intensity=float(rng.uniform(0.5, 1.5)),
        ambient=float(rng.uniform(0.25, 0.5)),
        colour_temperature=float(rng.uniform(-0.6, 0.8)),
        shadows=bool(rng.random() < 0.8),
    )
    kind: BackgroundKind = ("plain", "room", "photo")[int(rng.choice(3, p=[0.2, 0.5, 0.3]))]
    background = Background(
        kind=kind,
        wall=_pick(
            rng,
            (
                (0.85, 0.83, 0.78),
                (0.70, 0.75, 0.78),
                (0.78, 0.72, 0.60),
                (0.55, 0.60, 0.55),
                (0.92, 0.92, 0.92),
                (0.45, 0.45, 0.50),
            ),
            0.06,
        ),
        floor=_pick(
            rng,
            (
                (0.55, 0.40, 0.28),
                (0.70, 0.58, 0.42),
                (0.35, 0.33, 0.32),
                (0.60, 0.60, 0.58),
                (0.40, 0.28, 0.20),
            ),
            0.08,
        ),
        wall_distance_m=float(rng.uniform(0.8, 3.0)),
        side_wall=bool(rng.random() < 0.6),
        seed=int(rng.integers(2**31)),
    )
    return Appearance(
        skin=_pick(rng, SKIN_TONES, 0.03),
        hair=_pick(rng, HAIR_COLOURS),
        hair_volume_m=float(rng.choice([0.0, 0.006, 0.012, 0.02], p=[0.15, 0.35, 0.3, 0.2])),
        clothing=clothing,
        lighting=lighting,
        background=background,
        noise_sigma=float(rng.uniform(1.0, 4.0)),
        blur_sigma=float(rng.uniform(0.4, 0.9)),
        seed=int(rng.integers(2**31)),
    )


def vertex_offsets(regions: Regions, appearance: Appearance) -> NDArray[np.float32]:
    """Per-vertex push along the normal (metres): hair volume over the scalp, and shoes a little
    bulkier than the bare foot so the toes disappear into them."""
    out = np.zeros(len(regions.part), dtype=np.float32)
    out[regions.scalp] = appearance.hair_volume_m
    shoe = (regions.part == PARTS.index("foot")) | (
        (regions.part == PARTS.index("leg")) & (regions.leg > 1.93)
    )
    out[shoe & ~regions.sole] = 0.006
    return out


def vertex_colours(regions: Regions, appearance: Appearance) -> NDArray[np.float32]:
    """Per-vertex RGBA (V, 4) in 0..1 for the appearance, with a little fabric and skin texture."""
    c = appearance.clothing
    n = len(regions.part)
    rng = np.random.default_rng(appearance.seed)
    part = regions.part
    out = np.empty((n, 3))
    out[:] = appearance.skin
    # Skin: slightly redder lips region, knuckles and cheeks come from the lighting alone.
    out *= rng.normal(1.0, 0.025, (n, 1))

    def fabric(mask: NDArray[np.bool_], rgb: RGB, grain: float = 0.05) -> None:
        out[mask] = np.asarray(rgb) * rng.normal(1.0, grain, (int(mask.sum()), 1))

    torso = np.isin(part, [PARTS.index("torso"), PARTS.index("pelvis")])
    shirt = (torso & (regions.height > c.waist_m)) | (
        (part == PARTS.index("arm")) & (regions.arm < c.sleeve)
    )
    bottoms = (torso & (regions.height <= c.waist_m)) | (
        (part == PARTS.index("leg")) & (regions.leg < c.leg_cover)
    )
    foot = part == PARTS.index("foot")
    ankle = (part == PARTS.index("leg")) & (regions.leg > 1.93)
    socks = (part == PARTS.index("leg")) & (regions.leg > 1.8) & ~ankle
    fabric(shirt, c.shirt)
    fabric(bottoms, c.bottoms)
    if c.socks is not None:
        fabric(socks, c.socks, 0.03)
    fabric(foot | ankle, c.shoes, 0.04)
    fabric(regions.sole, c.soles, 0.03)
    # Face and hair.
    face = regions.face
    skin = np.asarray(appearance.skin)
    out[face == FACE_FEATURES.index("sclera")] = (0.88, 0.86, 0.82)
    iris = 0.25 * np.asarray(appearance.hair) + np.array([0.08, 0.06, 0.05])
    out[face == FACE_FEATURES.index("iris")] = iris
    out[face == FACE_FEATURES.index("lips")] = skin * np.array([0.85, 0.62, 0.60])
    out[face == FACE_FEATURES.index("mouth")] = (0.25, 0.08, 0.08)
    out[face == FACE_FEATURES.index("brow")] = 0.35 * skin + 0.65 * np.asarray(appearance.hair)
    if appearance.hair_volume_m > 0.0:
        hair = regions.scalp
        out[hair] = np.asarray(appearance.hair) * rng.normal(1.0, 0.12, (int(hair.sum()), 1))
    else:  # shaved: a shadow of stubble
        out[regions.scalp] = 0.8 * skin + 0.2 * np.asarray(appearance.hair)
    rgba = np.ones((n, 4), dtype=np.float32)
    rgba[:, :3] = np.clip(out, 0.0, 1.0)
    return rgba
