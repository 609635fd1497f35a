from pathlib import Path

import cv2
import numpy as np
import pytest

from postrun.vision.sources import SourceError, camera_present, open_source


def write_video(path: Path, frames: int, fps: float, size: tuple[int, int] = (64, 48)) -> None:
    writer = cv2.VideoWriter(str(path), cv2.VideoWriter.fourcc(*"mp4v"), fps, size)
    for i in range(frames):
        image = np.zeros((size[1], size[0], 3), np.uint8)
        image[:, : i + 1] = 255  # a bar growing to the right marks the frame
        writer.write(image)
    writer.release()


def test_video_timestamps_come_from_the_container(tmp_path: Path) -> None:
    path = tmp_path / "clip.mp4"
    write_video(path, 12, fps=24.0)
    with open_source(path) as source:
        frames = list(source)
    assert source.fps == pytest.approx(24.0)
    assert [f.index for f in frames] == list(range(12))
    assert np.diff([f.t_s for f in frames]) == pytest.approx(np.full(11, 1 / 24), abs=1e-3)
    assert frames[0].t_s == 0.0


def test_mirrored_source_flips_pixels(tmp_path: Path) -> None:
    path = tmp_path / "clip.mp4"
    write_video(path, 3, fps=10.0)
    with open_source(path) as plain, open_source(path, mirrored=True) as flipped:
        a, b = next(iter(plain)), next(iter(flipped))
    assert a.image[:, 0].mean() > 200 and a.image[:, -1].mean() < 50
    assert b.image[:, -1].mean() > 200 and b.image[:, 0].mean() < 50


def test_image_folder_in_name_order(tmp_path: Path) -> None:
    for name, value in (("b.png", 200), ("a.png", 100)):
        cv2.imwrite(str(tmp_path / name), np.full((8, 8, 3), value, np.uint8))
    (tmp_path / "notes.txt").write_text("not an image")
    with open_source(tmp_path) as source:
        frames = list(source)
    assert [int(f.image.mean()) for f in frames] == [100, 200]
    assert frames[1].t_s > frames[0].t_s


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda d: d / "nope.mp4", "No video file"),
        (lambda d: d / "nope.png", "No file or folder"),
        (lambda d: (d / "junk.mp4").write_bytes(b"not a video") and d / "junk.mp4", "Cannot read"),
    ],
)
def test_bad_paths_give_one_sentence(tmp_path: Path, make, message: str) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(SourceError, match=message) as err:
        open_source(make(tmp_path))
    assert "\n" not in str(err.value)


def test_empty_folder_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(SourceError, match="No images"):
        open_source(tmp_path)


def test_truncated_video_yields_the_frames_it_has(tmp_path: Path) -> None:
    path = tmp_path / "clip.mp4"
    write_video(path, 30, fps=30.0, size=(160, 120))
    data = path.read_bytes()
    cut = tmp_path / "cut.mp4"
    cut.write_bytes(data[: len(data) * 2 // 3])
    try:
        source = open_source(cut)
    except SourceError:
        return  # a container whose index is lost is refused cleanly, which is also fine
    with source:
        frames = list(source)
    assert len(frames) < 30


def test_missing_camera_is_reported_not_opened() -> None:
    assert camera_present(97) is False
    with pytest.raises(SourceError, match="No camera at index 97"):
        open_source(97)
