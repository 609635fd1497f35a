#!/usr/bin/env bash
# Rebuild postrun's MediaPipe PoseLandmarker bundles from pinned public packages.
#
#   bash models/recipe/build.sh            # lite + full (the committed bundles) into models/
#   bash models/recipe/build.sh heavy      # heavy (~30 MB, not committed), on demand
#   bash models/recipe/build.sh all --check
#
# Needs a CPython 3.11 or 3.12 and npm; the first run creates models/build/venv (git-ignored)
# with mediapipe==0.10.21. Set POSTRUN_BUILD_PYTHON to choose the interpreter. All options:
#   bash models/recipe/build.sh --help
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
py="${POSTRUN_BUILD_PYTHON:-}"
if [ -z "$py" ]; then
  for candidate in python3.12 python3.11 python3; do
    # (a version manager's shim may exist yet fail to run, so try it)
    if "$candidate" -c 'import sys' >/dev/null 2>&1; then
      py="$candidate"
      break
    fi
  done
fi
if [ -z "$py" ]; then
  echo "build.sh: no python3 found; install CPython 3.11 or 3.12" >&2
  exit 2
fi
if [ -n "${POSTRUN_BUILD_PYTHON:-}" ]; then
  exec "$py" "$here/build_bundles.py" --python "$py" "$@"
fi
exec "$py" "$here/build_bundles.py" "$@"
