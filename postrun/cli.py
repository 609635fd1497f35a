"""The `postrun` command line."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, NoReturn, cast

import typer

from postrun import __version__
from postrun.outputs import OutputError, new_run_dir

if TYPE_CHECKING:
    from postrun.routines.metrics import Side
    from postrun.routines.thresholds import Level

EXIT_CODES = """\b
Exit codes: 0 done, also when q or Ctrl-C ended a run early; 1 nothing to work with (nobody
in view, no frames, a model file that fails its check); 2 a mistake in the command or its
input, said in one sentence; 3 an internal error, said in one line, its traceback in error.log
in the output folder; 130 Ctrl-C before a run started. Whatever ends a run, what it recorded
is saved."""
EXIT_INTERNAL = 3

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    rich_markup_mode=None,
    help="postrun: a camera coach for runners' post-run mobility drills.\n\n" + EXIT_CODES,
)

ModelOpt = Annotated[
    str, typer.Option("--model", help="Pose model: lite, full, heavy, or a path to a .task file.")
]
OutOpt = Annotated[
    Path | None,
    typer.Option("--out", help="Output folder (default: a new timestamped one in ./postrun-out)."),
]
ShowOpt = Annotated[
    bool | None,
    typer.Option("--show/--no-show", help="Show a preview window (default: if a display exists)."),
]


def fail(message: str, code: int = 2) -> NoReturn:
    typer.echo(f"postrun: {message}", err=True)
    raise typer.Exit(code)


class Run:
    """What the error handler needs to know about the run in progress."""

    def __init__(self) -> None:
        self.out_dir: Path | None = None

    def folder(self, out: Path | None, kind: str) -> Path:
        """The run's output folder (``out``, else a new one); an internal error is logged there."""
        self.out_dir = out or new_run_dir(kind)
        return self.out_dir


@contextmanager
def user_errors() -> Iterator[Run]:
    """Errors a user can cause end as one sentence on stderr, anything else as one line with the
    traceback in a log file: never a traceback on the terminal. The runs save what they recorded
    on their way out (SessionLoop, PoseJob), before the error reaches this handler."""
    run = Run()
    try:
        yield run
    except KeyboardInterrupt:
        fail("stopped.", 130)
    except (typer.Exit, typer.Abort, typer.TyperException):
        raise  # how a command ends on purpose (fail(), exit codes)
    except BrokenPipeError:
        # The reader went away (`postrun drills | head`): nothing more to say, to anyone.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        raise typer.Exit(0) from None
    except Exception as err:
        if isinstance(err, _user_error_types()):
            fail(str(err))
        from postrun.console import internal_error

        fail(internal_error(err, run.out_dir), EXIT_INTERNAL)


def _user_error_types() -> tuple[type[Exception], ...]:
    """Imported only when an error comes, so that `postrun drills` needs no OpenCV, and a broken
    install (the error being handled) cannot break the handler."""
    try:
        from postrun.models.registry import ModelError
        from postrun.routines.thresholds import ConfigError
        from postrun.vision.sources import SourceError
    except Exception:
        return (OutputError,)
    return (SourceError, ModelError, OutputError, ConfigError)


@app.command()
def pose(
    source: Annotated[
        Path | None, typer.Argument(help="A video file, an image, or a folder of images.")
    ] = None,
    camera: Annotated[
        int | None, typer.Option("--camera", help="Read webcam N instead of a file.")
    ] = None,
    model: ModelOpt = "full",
    out: OutOpt = None,
    save_video: Annotated[
        bool, typer.Option("--save-video", help="Also write the annotated video.")
    ] = False,
    show: ShowOpt = None,
    mirrored: Annotated[
        bool,
        typer.Option("--mirrored", help="The recording is a mirrored selfie view; unflip it."),
    ] = False,
    raw: Annotated[bool, typer.Option("--raw", help="Skip landmark smoothing.")] = False,
) -> None:
    """Track the body in a video, images or the webcam; write per-frame landmarks.

    Writes landmarks.csv (one row per frame: time and x, y, z, visibility of the 33 image and
    33 world landmarks) and landmarks.npz, plus annotated.mp4 with --save-video.
    """
    if (source is None) == (camera is None):
        fail("give either a video/image path or --camera N (not both).")
    with user_errors() as run:
        from postrun.pose_run import run_pose

        spec: Path | int = camera if camera is not None else cast(Path, source)
        run_pose(spec, model=model, out_dir=run.folder(out, "pose"), save_video=save_video,
                 show=show, mirrored=mirrored, smooth=not raw)  # fmt: skip


@app.command()
def demo(model: ModelOpt = "full", out: OutOpt = None, show: ShowOpt = None) -> None:
    """The guided session over the bundled demo clip (no camera needed).

    A window shows it where a display exists; the annotated video and the report are written
    either way and their paths printed.
    """
    with user_errors() as run:
        from postrun.demo import demo_clip
        from postrun.session_app import run_session

        run_session(demo_clip(), model=model, out_dir=run.folder(out, "demo"),
                    save_video=True, show=show, mirror_preview=True)  # fmt: skip


@app.command()
def start(
    camera: Annotated[int, typer.Option("--camera", help="Webcam to try first.")] = 0,
    model: ModelOpt = "full",
    out: OutOpt = None,
    show: ShowOpt = None,
) -> None:
    """The main job: the guided session on the webcam when one is attached, otherwise on the
    bundled demo clip."""
    with user_errors() as run:
        from postrun.demo import demo_clip
        from postrun.session_app import run_session
        from postrun.vision.sources import camera_present

        if camera_present(camera):
            run_session(camera, model=model, out_dir=run.folder(out, "session"), show=show)
        else:
            typer.echo("No camera attached: the guided session runs on the bundled demo clip.")
            run_session(demo_clip(), model=model, out_dir=run.folder(out, "demo"),
                        save_video=True, show=show, mirror_preview=True)  # fmt: skip


@app.command()
def drills() -> None:
    """List the drills with their instructions and what is checked."""
    with user_errors():
        from postrun.routines.drills import DRILLS

        for number, spec in enumerate(DRILLS.values(), start=1):
            sides = "legs alternate" if spec.alternating else "one side per window"
            typer.echo(f"{number}. {spec.id}: {spec.title} ({sides})")
            typer.echo(f"   {spec.instruction}")
            typer.echo(f"   checks: {', '.join(spec.checks)}")
            views = _views(spec.yaw_range_deg)
            camera = f"{views} (other views cannot see the movement)" if views else "any view"
            typer.echo(f"   camera: {camera}")
            faults = []
            for rule in spec.faults:  # a fault judged from some views only says which
                judged = _views(rule.yaw_range_deg)
                faults.append(f"{rule.id} ({judged})" if judged else rule.id)
            if spec.alternating:
                faults.append("same_side_repeated (not side-on)")
            typer.echo(f"   faults: {', '.join(faults)}")


def _views(yaw_range_deg: tuple[float, float]) -> str | None:
    """The views a yaw range covers (0 facing the camera, 90 side-on), in words; None: all."""
    from postrun.routines.drills.spec import SIDE_ON_MIN_DEG

    lo, hi = yaw_range_deg
    if lo <= 0.0 and hi >= 90.0:
        return None
    if lo <= 0.0:
        return "facing the camera" if hi < 45.0 else "facing the camera or half side-on"
    return "side-on" if lo >= SIDE_ON_MIN_DEG else "half side-on or side-on"


LevelOpt = Annotated[
    str | None,
    typer.Option(
        "--level", help="Threshold level: gentle, default or deep (default: the routine's)."
    ),
]
ThresholdsOpt = Annotated[
    Path | None, typer.Option("--thresholds", help="A TOML file overriding thresholds.")
]
SaveVideoOpt = Annotated[bool, typer.Option("--save-video", help="Also write the annotated video.")]


def _level(level: str | None) -> Level | None:
    if level not in (None, "gentle", "default", "deep"):
        fail("--level takes gentle, default or deep.")
    return cast("Level | None", level)


@app.command()
def analyze(
    video: Annotated[Path, typer.Argument(help="A recorded video of one drill or a session.")],
    drill: Annotated[
        str | None, typer.Option("--drill", help="Drill id (see `postrun drills`).")
    ] = None,
    routine: Annotated[
        str | None,
        typer.Option("--routine", help="Analyse a whole guided session: post-run or a FILE."),
    ] = None,
    start: Annotated[
        float, typer.Option("--start", help="With --routine: the session starts S seconds in.")
    ] = 0.0,
    side: Annotated[
        str | None, typer.Option("--side", help="left or right: the working leg of a swing.")
    ] = None,
    model: ModelOpt = "full",
    out: OutOpt = None,
    save_video: SaveVideoOpt = False,
    show: Annotated[bool, typer.Option("--show", help="Show a preview window.")] = False,
    level: LevelOpt = None,
    thresholds: ThresholdsOpt = None,
    mirrored: Annotated[
        bool,
        typer.Option("--mirrored", help="The recording is a mirrored selfie view; unflip it."),
    ] = False,
) -> None:
    """Analyse a recording: one drill (--drill) or a whole guided session (--routine).

    Writes report.json (schema version 1), report.html and reps.csv.
    """
    from postrun.routines.drills import DRILLS

    if (drill is None) == (routine is None):
        fail("give either --drill ID or --routine post-run|FILE.")
    if drill is not None and drill not in DRILLS:
        fail(f"unknown drill '{drill}': choose one of {', '.join(DRILLS)}.")
    if side not in (None, "left", "right"):
        fail("--side takes left or right.")
    chosen = _level(level)
    with user_errors() as run:
        if routine is not None:
            from postrun.session_app import run_session

            run_session(video, routine=routine, level=chosen, model=model,
                        out_dir=run.folder(out, "analyze"), save_video=save_video, show=show,
                        start_s=start, thresholds_file=thresholds, mirrored=mirrored)  # fmt: skip
            return
        from postrun.analyze_run import analyze_drill

        analyze_drill(video, cast(str, drill), side=cast("Side | None", side), model=model,
                      out_dir=run.folder(out, "analyze"), save_video=save_video, show=show,
                      level=chosen, thresholds_file=thresholds,
                      mirrored=mirrored)  # fmt: skip


@app.command()
def session(
    camera: Annotated[int, typer.Option("--camera", help="Webcam index.")] = 0,
    routine: Annotated[
        str, typer.Option("--routine", help="post-run, or a routine TOML file of your own.")
    ] = "post-run",
    level: LevelOpt = None,
    model: ModelOpt = "full",
    out: OutOpt = None,
    save_video: SaveVideoOpt = False,
    thresholds: ThresholdsOpt = None,
) -> None:
    """The live coach: follow the routine in front of the camera, get a report at the end.

    Keys: space pause/resume, n skip window, m mirror on/off, q or Esc quit (saved so far).
    """
    chosen = _level(level)
    with user_errors() as run:
        from postrun.session_app import run_session

        run_session(camera, routine=routine, level=chosen, model=model,
                    out_dir=run.folder(out, "session"), save_video=save_video, show=True,
                    thresholds_file=thresholds)  # fmt: skip


@app.command()
def report(
    session_dir: Annotated[
        Path, typer.Argument(help="A session or analysis folder holding report.json.")
    ],
) -> None:
    """Rebuild report.html and reps.csv from a session folder's report.json.

    The page is self-contained (opens offline): per-window cards, reps per side, each rep's key
    measure against its target, faults and cues, tracking quality and recovery reminders.
    """
    with user_errors() as run:
        from postrun.report_files import ReportError, load_session_report, write_session_outputs

        folder = run.folder(session_dir, "report")
        try:
            written = write_session_outputs(load_session_report(folder), folder)
        except ReportError as err:
            fail(str(err))
        for path in written:
            typer.echo(f"wrote {path}")


@app.command()
def models(
    verify: Annotated[
        bool, typer.Option("--verify/--no-verify", help="Check every file's sha256.")
    ] = True,
) -> None:
    """List the pose model bundles with size and hash, and verify them."""
    with user_errors():
        from postrun.models_cli import print_models

        if not print_models(verify=verify):
            raise typer.Exit(1)


@app.callback(invoke_without_command=True)
def main(
    version: Annotated[
        bool, typer.Option("--version", help="Print the version and exit.", is_eager=True)
    ] = False,
) -> None:
    """postrun: a camera coach for runners' post-run mobility drills."""
    if version:
        typer.echo(f"postrun {__version__}")
        raise typer.Exit()
