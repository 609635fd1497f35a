"""postrun.models.registry: names, verification, errors and search places (no network)."""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from postrun.models import registry
from postrun.models.registry import (
    DEFAULT_MODEL,
    ModelBundle,
    ModelError,
    bundle_names,
    list_bundles,
    resolve_model,
)
from tests.models.helpers import (
    MODELS_DIR,
    SHIPPED,
    assert_one_sentence,
    registry_json,
    shipped_path,
)


def corrupt_copy(name: str, into: Path) -> Path:
    """A same-size copy of a shipped bundle with one byte flipped in the middle."""
    target = into / shipped_path(name).name
    data = bytearray(shipped_path(name).read_bytes())
    data[len(data) // 2] ^= 0xFF
    target.write_bytes(bytes(data))
    return target


# --- registry ------------------------------------------------------------------------------


def test_registry_lists_the_three_bundles_with_hashes() -> None:
    assert bundle_names() == ("lite", "full", "heavy")
    assert DEFAULT_MODEL in bundle_names()
    document = registry_json()
    assert document["default"] == DEFAULT_MODEL
    for name in bundle_names():
        entry = document["bundles"][name]
        assert entry["file"] == f"pose_landmarker_{name}.task"
        assert re.fullmatch(r"[0-9a-f]{64}", entry["sha256"])
        assert entry["size"] > 1_000_000
        assert entry["shipped"] is (name in SHIPPED)
        assert set(entry["members"]) == set(registry.MEMBERS)
        assert entry["source"]


# --- shipped bundles ---------------------------------------------------------------------------


@pytest.mark.parametrize("name", SHIPPED)
def test_shipped_bundle_verifies(name: str) -> None:
    bundle = resolve_model(name)
    assert isinstance(bundle, ModelBundle)
    entry = registry_json()["bundles"][name]
    assert bundle.name == name
    assert bundle.path == shipped_path(name).resolve()
    assert bundle.size == entry["size"] == bundle.path.stat().st_size
    assert bundle.sha256 == entry["sha256"] == hashlib.sha256(bundle.path.read_bytes()).hexdigest()


@pytest.mark.parametrize("name", SHIPPED)
def test_shipped_bundle_is_an_aligned_stored_zip_with_the_recorded_members(name: str) -> None:
    data = shipped_path(name).read_bytes()
    members = registry_json()["bundles"][name]["members"]
    with zipfile.ZipFile(shipped_path(name)) as bundle:
        assert sorted(bundle.namelist()) == sorted(registry.MEMBERS)
        for info in bundle.infolist():
            assert info.compress_type == zipfile.ZIP_STORED
            assert info.date_time == (1980, 1, 1, 0, 0, 0)
            name_len = int.from_bytes(
                data[info.header_offset + 26 : info.header_offset + 28], "little"
            )
            extra_len = int.from_bytes(
                data[info.header_offset + 28 : info.header_offset + 30], "little"
            )
            start = info.header_offset + 30 + name_len + extra_len
            assert start % 4 == 0, f"{info.filename} is not 4-byte aligned"
            content = data[start : start + info.file_size]
            assert len(content) == members[info.filename]["size"]
            assert hashlib.sha256(content).hexdigest() == members[info.filename]["sha256"]


def test_name_lookup_ignores_case_and_spaces() -> None:
    assert resolve_model(" Lite ").name == "lite"


# --- corrupt, missing, unknown -------------------------------------------------------------------


def test_corrupt_copy_is_rejected_with_one_sentence(tmp_path: Path) -> None:
    bad = corrupt_copy("full", tmp_path)
    with pytest.raises(ModelError) as caught:
        resolve_model("full", dirs=[tmp_path])
    message = str(caught.value)
    assert_one_sentence(message)
    assert message.startswith(f"Model file {bad} is corrupt (sha256 mismatch): ")
    assert "reinstall postrun" in message
    assert "`bash models/recipe/build.sh full`" in message


def test_truncated_copy_is_rejected(tmp_path: Path) -> None:
    target = tmp_path / shipped_path("lite").name
    target.write_bytes(shipped_path("lite").read_bytes()[:-10])
    with pytest.raises(ModelError, match="is corrupt"):
        resolve_model("lite", dirs=[tmp_path])


def test_a_good_copy_later_in_the_search_path_wins_over_a_corrupt_one(tmp_path: Path) -> None:
    first, second = tmp_path / "a", tmp_path / "b"
    first.mkdir()
    second.mkdir()
    corrupt_copy("lite", first)
    shutil.copy(shipped_path("lite"), second)
    assert resolve_model("lite", dirs=[first, second]).path == (second / shipped_path("lite").name)


def test_unknown_name_errors() -> None:
    with pytest.raises(ModelError) as caught:
        resolve_model("foo")
    assert str(caught.value) == (
        "Unknown model 'foo': choose lite, full, heavy or a path to a .task file."
    )


def test_missing_heavy_gives_the_build_command(tmp_path: Path) -> None:
    with pytest.raises(ModelError) as caught:
        resolve_model("heavy", dirs=[tmp_path])
    message = str(caught.value)
    assert_one_sentence(message)
    assert message == "Model 'heavy' is not built yet: run `bash models/recipe/build.sh heavy`."


def test_missing_shipped_bundle_says_reinstall(tmp_path: Path) -> None:
    with pytest.raises(ModelError) as caught:
        resolve_model("lite", dirs=[tmp_path])
    message = str(caught.value)
    assert_one_sentence(message)
    assert message.startswith("Model 'lite' is missing")
    assert "reinstall postrun" in message


def test_heavy_is_found_in_the_user_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # A stand-in: the registry's heavy entry pointed at the lite file and hash.
    lite = registry_json()["bundles"]["lite"]
    fake = registry._Entry(
        "heavy", "pose_landmarker_heavy.task", lite["size"], lite["sha256"], False
    )
    entries = dict(registry._registry())
    entries["heavy"] = fake
    monkeypatch.setattr(registry, "_registry", lambda: entries)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    cached = tmp_path / "postrun" / "models"
    cached.mkdir(parents=True)
    shutil.copy(shipped_path("lite"), cached / "pose_landmarker_heavy.task")
    empty = tmp_path / "package"
    empty.mkdir()
    monkeypatch.setattr(registry, "package_dir", lambda: empty)
    bundle = resolve_model("heavy")
    assert bundle.path == (cached / "pose_landmarker_heavy.task").resolve()


# --- a user's own file ---------------------------------------------------------------------------


def test_user_path_to_a_valid_bundle_works(tmp_path: Path) -> None:
    mine = tmp_path / "my model.task"
    shutil.copy(shipped_path("lite"), mine)
    bundle = resolve_model(str(mine))
    assert bundle == ModelBundle(
        name="my model",
        path=mine.resolve(),
        size=mine.stat().st_size,
        sha256=registry_json()["bundles"]["lite"]["sha256"],
    )


def test_user_path_that_does_not_exist(tmp_path: Path) -> None:
    with pytest.raises(ModelError) as caught:
        resolve_model(str(tmp_path / "nope.task"))
    assert_one_sentence(str(caught.value))
    assert "does not exist" in str(caught.value)


@pytest.mark.parametrize(
    "make",
    [
        lambda p: p.write_bytes(b"not a zip at all"),
        lambda p: zipfile.ZipFile(p, "w").writestr("pose_detector.tflite", b"x"),
    ],
    ids=["not-a-zip", "one-member"],
)
def test_user_path_that_is_not_a_bundle(tmp_path: Path, make: Callable[[Path], Any]) -> None:
    bad = tmp_path / "bad.task"
    make(bad)
    with pytest.raises(ModelError) as caught:
        resolve_model(str(bad))
    assert_one_sentence(str(caught.value))
    assert "is not a PoseLandmarker bundle" in str(caught.value)


def test_user_path_with_compressed_members_is_refused(tmp_path: Path) -> None:
    deflated = tmp_path / "deflated.task"
    with (
        zipfile.ZipFile(shipped_path("lite")) as source,
        zipfile.ZipFile(deflated, "w", zipfile.ZIP_DEFLATED) as out,
    ):
        for member in source.namelist():
            out.writestr(member, source.read(member))
    with pytest.raises(ModelError) as caught:
        resolve_model(str(deflated))
    assert_one_sentence(str(caught.value))
    assert "compressed" in str(caught.value)


def test_user_path_that_is_a_directory(tmp_path: Path) -> None:
    with pytest.raises(ModelError, match="is not a file"):
        resolve_model(str(tmp_path))


# --- hashing is cached per path and mtime --------------------------------------------------------


def test_hash_is_cached_until_the_file_changes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / shipped_path("lite").name
    shutil.copy(shipped_path("lite"), target)
    calls = 0
    real = hashlib.sha256

    def counting(*args: Any, **kwargs: Any) -> Any:
        nonlocal calls
        calls += 1
        return real(*args, **kwargs)

    monkeypatch.setattr(registry.hashlib, "sha256", counting)
    resolve_model("lite", dirs=[tmp_path])
    resolve_model("lite", dirs=[tmp_path])
    list_bundles(dirs=[tmp_path])
    assert calls == 1
    stat = target.stat()
    os.utime(target, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))
    resolve_model("lite", dirs=[tmp_path])
    assert calls == 2


# --- list_bundles and places ---------------------------------------------------------------------


def test_list_bundles_reports_shipped_ok_and_missing_heavy(tmp_path: Path) -> None:
    statuses = {s.name: s for s in list_bundles(dirs=[MODELS_DIR.parent / "nowhere", tmp_path])}
    assert list(statuses) == ["lite", "full", "heavy"]
    for status in statuses.values():
        assert not status.present and not status.verified and status.path is None
        assert status.hint is not None and f"build.sh {status.name}" in status.hint

    statuses = {s.name: s for s in list_bundles(dirs=[MODELS_DIR])}
    for name in SHIPPED:
        status = statuses[name]
        assert status.present and status.verified and status.hint is None
        assert status.path == shipped_path(name).resolve()
        assert status.file == shipped_path(name).name
        assert status.sha256 == registry_json()["bundles"][name]["sha256"]


def test_list_bundles_flags_a_corrupt_file(tmp_path: Path) -> None:
    corrupt_copy("lite", tmp_path)
    lite = next(s for s in list_bundles(dirs=[tmp_path]) if s.name == "lite")
    assert lite.present and not lite.verified
    assert lite.hint is not None and "rebuild" in lite.hint
    unchecked = next(s for s in list_bundles(verify=False, dirs=[tmp_path]) if s.name == "lite")
    assert unchecked.present and not unchecked.verified and unchecked.hint is None


def test_cache_dir_follows_xdg(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert registry.cache_dir() == tmp_path / "postrun" / "models"
    assert registry.search_dirs() == (registry.package_dir(), tmp_path / "postrun" / "models")
    monkeypatch.setenv("XDG_CACHE_HOME", "relative/ignored")
    assert registry.cache_dir() == Path.home() / ".cache" / "postrun" / "models"


def test_build_dir_falls_back_to_the_cache_when_the_package_is_read_only(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    monkeypatch.setattr(registry.os, "access", lambda *_a, **_k: False)
    assert registry.build_dir() == tmp_path / "postrun" / "models"
