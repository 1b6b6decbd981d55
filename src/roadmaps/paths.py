"""Which registry file a command reads, and how a path appears in messages.

Kept apart from the loader so that a reading command answered from the parse cache never
imports the parser.
"""

from __future__ import annotations

import os
from pathlib import Path

DATA_ENV = "ROADMAPS_DATA"
DEFAULT_RELATIVE = Path("data") / "roadmaps.toml"


def find_registry(explicit: str | os.PathLike[str] | None = None, cwd: Path | None = None) -> Path:
    """The registry a command reads: --data, then $ROADMAPS_DATA, then the nearest
    `data/roadmaps.toml` from the current folder upwards, then the copy shipped in the package."""
    chosen = explicit or os.environ.get(DATA_ENV)
    if chosen:
        return Path(chosen)
    here = (cwd or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        candidate = folder / DEFAULT_RELATIVE
        if candidate.is_file():
            return candidate
    return shipped_registry()


def shipped_registry() -> Path:
    """The registry inside the installed wheel, or in the source tree for a checkout."""
    package = Path(__file__).resolve().parent
    installed = package / "data" / "roadmaps.toml"
    return installed if installed.is_file() else package.parents[1] / DEFAULT_RELATIVE


def display_path(path: Path) -> str:
    """Paths in messages are relative to the current folder when they can be, as compilers do."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except (ValueError, OSError, RuntimeError):  # elsewhere, or a symlink loop
        return str(path)
