"""The PoseLandmarker model bundles: find them, verify them, describe them.

``registry.json`` beside this file records each bundle's file name, size and sha256. The ``lite``
and ``full`` bundles ship inside the package; ``heavy`` (~30 MB) is built on demand with
``bash models/recipe/build.sh heavy``, into this folder when it is writable, else into the user
cache (``$XDG_CACHE_HOME/postrun/models`` or ``~/.cache/postrun/models``). Both places are
searched. Nothing is read at import time.
"""

from __future__ import annotations

import hashlib
import json
import os
import threading
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

__all__ = [
    "DEFAULT_MODEL",
    "BundleStatus",
    "ModelBundle",
    "ModelError",
    "build_dir",
    "bundle_names",
    "cache_dir",
    "list_bundles",
    "package_dir",
    "resolve_model",
    "search_dirs",
]

DEFAULT_MODEL = "full"
MEMBERS: tuple[str, ...] = ("pose_detector.tflite", "pose_landmarks_detector.tflite")
REGISTRY_FILE = "registry.json"
BUILD_SCRIPT = "models/recipe/build.sh"


@dataclass(frozen=True)
class ModelBundle:
    """A bundle ready for MediaPipe's PoseLandmarker (``BaseOptions(model_asset_path=path)``)."""

    name: str
    path: Path
    size: int
    sha256: str


@dataclass(frozen=True)
class BundleStatus:
    """One registry entry and what was found on disk, for ``postrun models``."""

    name: str
    file: str
    size: int  # expected, from registry.json
    sha256: str  # expected, from registry.json
    shipped: bool  # packaged with postrun (False: built on demand)
    present: bool  # a file of that name exists in one of the search dirs
    verified: bool  # ... and its size and sha256 match (False when not checked)
    path: Path | None  # the verified file, else the first one found, else None
    hint: str | None  # how to fix a missing or corrupt bundle; None when all is well


class ModelError(Exception):
    """A model can't be used; ``str()`` is one sentence that names the fix."""


@dataclass(frozen=True)
class _Entry:
    name: str
    file: str
    size: int
    sha256: str
    shipped: bool


# --------------------------------------------------------------------------------------------
# Places
# --------------------------------------------------------------------------------------------


def package_dir() -> Path:
    """This package's own folder, where the shipped bundles and registry.json live."""
    return Path(__file__).resolve().parent


def cache_dir() -> Path:
    """The user cache for bundles built on demand (``$XDG_CACHE_HOME/postrun/models``)."""
    base = os.environ.get("XDG_CACHE_HOME", "")
    root = Path(base) if base and Path(base).is_absolute() else Path.home() / ".cache"
    return root / "postrun" / "models"


def search_dirs() -> tuple[Path, ...]:
    """Where registry bundles are looked for, in order."""
    return (package_dir(), cache_dir())


def build_dir() -> Path:
    """Where an on-demand build goes: the package folder when writable, else the user cache."""
    here = package_dir()
    return here if os.access(here, os.W_OK) else cache_dir()


# --------------------------------------------------------------------------------------------
# Registry
# --------------------------------------------------------------------------------------------


@lru_cache(maxsize=1)
def _registry() -> dict[str, _Entry]:
    path = package_dir() / REGISTRY_FILE
    try:
        document: Any = json.loads(path.read_text(encoding="utf-8"))
        entries: dict[str, _Entry] = {}
        for name, raw in document["bundles"].items():
            entries[str(name)] = _Entry(
                name=str(name),
                file=str(raw["file"]),
                size=int(raw["size"]),
                sha256=str(raw["sha256"]).lower(),
                shipped=bool(raw.get("shipped", False)),
            )
    except (OSError, ValueError, KeyError, TypeError, AttributeError) as error:
        reason = error.strerror if isinstance(error, OSError) else f"{type(error).__name__}"
        raise ModelError(
            f"Model registry {path} is unreadable ({reason}): reinstall postrun."
        ) from error
    if not entries:
        raise ModelError(f"Model registry {path} lists no bundles: reinstall postrun.")
    return entries


def bundle_names() -> tuple[str, ...]:
    """The registry's bundle names, smallest first: ``("lite", "full", "heavy")``."""
    return tuple(_registry())


def _choices() -> str:
    names = bundle_names()
    return ", ".join(names)


def _in_checkout() -> bool:
    return (package_dir() / "recipe" / "build.sh").is_file()


def _build_command(name: str) -> str:
    if _in_checkout():
        return f"`bash {BUILD_SCRIPT} {name}`"
    return f"`bash {BUILD_SCRIPT} {name} --out {cache_dir()}` in a postrun source checkout"


def _fix(entry: _Entry) -> str:
    """The remedy for a missing or corrupt bundle, as the tail of a sentence."""
    if entry.shipped:
        return f"reinstall postrun or rebuild it with {_build_command(entry.name)}"
    return f"rebuild it with {_build_command(entry.name)}"


def _missing_error(entry: _Entry, dirs: Sequence[Path]) -> ModelError:
    if not entry.shipped:
        return ModelError(
            f"Model '{entry.name}' is not built yet: run {_build_command(entry.name)}."
        )
    where = " or ".join(str(d) for d in dirs) or "any search directory"
    return ModelError(
        f"Model '{entry.name}' is missing ({entry.file} is not in {where}): "
        f"reinstall postrun or rebuild it with {_build_command(entry.name)}."
    )


# --------------------------------------------------------------------------------------------
# Hashing (cached per path, mtime and size)
# --------------------------------------------------------------------------------------------

_hash_lock = threading.Lock()
_hash_cache: dict[tuple[str, int, int, int], str] = {}


def _sha256(path: Path) -> str:
    stat = path.stat()
    key = (str(path.resolve()), stat.st_ino, stat.st_mtime_ns, stat.st_size)
    with _hash_lock:
        cached = _hash_cache.get(key)
    if cached is not None:
        return cached
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    value = digest.hexdigest()
    with _hash_lock:
        _hash_cache[key] = value
    return value


def _matches(entry: _Entry, path: Path) -> bool:
    try:
        return path.stat().st_size == entry.size and _sha256(path) == entry.sha256
    except OSError:
        return False


# --------------------------------------------------------------------------------------------
# Public API
# --------------------------------------------------------------------------------------------


def _looks_like_path(text: str) -> bool:
    return (
        text.lower().endswith(".task")
        or "/" in text
        or os.sep in text
        or text.startswith("~")
        or Path(text).exists()
    )


def _user_bundle(text: str) -> ModelBundle:
    path = Path(text).expanduser()
    names = bundle_names()
    choose = f"{', '.join(names[:-1])} or {names[-1]}" if len(names) > 1 else names[0]
    if not path.exists():
        raise ModelError(f"Model file {path} does not exist: check the path or choose {choose}.")
    if not path.is_file():
        raise ModelError(f"Model path {path} is not a file: pass a .task file or choose {choose}.")
    try:
        with zipfile.ZipFile(path) as bundle:
            infos = {info.filename: info for info in bundle.infolist()}
    except (OSError, zipfile.BadZipFile, ValueError):
        infos = {}
    missing = [m for m in MEMBERS if m not in infos]
    if missing:
        raise ModelError(
            f"Model file {path} is not a PoseLandmarker bundle (a zip holding "
            f"{' and '.join(MEMBERS)}): pass a valid .task file or choose {choose}."
        )
    compressed = [m for m in MEMBERS if infos[m].compress_type != zipfile.ZIP_STORED]
    if compressed:
        raise ModelError(
            f"Model file {path} stores {compressed[0]} compressed, which MediaPipe cannot load: "
            f"rebuild it as an uncompressed zip or choose {choose}."
        )
    resolved = path.resolve()
    return ModelBundle(
        name=resolved.stem, path=resolved, size=resolved.stat().st_size, sha256=_sha256(resolved)
    )


def resolve_model(name_or_path: str, *, dirs: Sequence[Path] | None = None) -> ModelBundle:
    """A registry name (``lite``, ``full``, ``heavy``) or a path to a ``.task`` file, verified.

    A registry bundle is looked for in ``dirs`` (default: :func:`search_dirs`) and must match
    the size and sha256 recorded in registry.json; a user's own file must be a zip holding both
    PoseLandmarker members. Raises :class:`ModelError` with a one-sentence fix otherwise.
    """
    text = name_or_path.strip()
    registry = _registry()
    entry = registry.get(text) or registry.get(text.lower())
    if entry is None:
        if text and _looks_like_path(text):
            return _user_bundle(text)
        raise ModelError(
            f"Unknown model '{name_or_path}': choose {_choices()} or a path to a .task file."
        )
    places = tuple(search_dirs() if dirs is None else dirs)
    found = [d / entry.file for d in places if (d / entry.file).is_file()]
    if not found:
        raise _missing_error(entry, places)
    for path in found:
        if _matches(entry, path):
            return ModelBundle(entry.name, path.resolve(), entry.size, entry.sha256)
    raise ModelError(f"Model file {found[0]} is corrupt (sha256 mismatch): {_fix(entry)}.")


def list_bundles(verify: bool = True, *, dirs: Sequence[Path] | None = None) -> list[BundleStatus]:
    """Every registry bundle with where it was found and (when ``verify``) whether it checks out."""
    places = tuple(search_dirs() if dirs is None else dirs)
    statuses: list[BundleStatus] = []
    for entry in _registry().values():
        found = [d / entry.file for d in places if (d / entry.file).is_file()]
        good = next((p for p in found if _matches(entry, p)), None) if verify else None
        path = good or (found[0] if found else None)
        if not found:
            hint: str | None = (
                f"run {_build_command(entry.name)}"
                if not entry.shipped
                else f"reinstall postrun or run {_build_command(entry.name)}"
            )
        elif verify and good is None:
            hint = _fix(entry)
        else:
            hint = None
        statuses.append(
            BundleStatus(
                name=entry.name,
                file=entry.file,
                size=entry.size,
                sha256=entry.sha256,
                shipped=entry.shipped,
                present=bool(found),
                verified=good is not None,
                path=path.resolve() if path is not None else None,
                hint=hint,
            )
        )
    return statuses
