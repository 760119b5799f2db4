"""Checks on the paths the commands write to, made before any work is done."""

from __future__ import annotations

from pathlib import Path


def not_a_directory(path: Path | None, option: str) -> str | None:
    """The error for ``option`` naming an existing path that is not a directory (the command
    writes several files into it), or a path under a file (which cannot be created: it was
    found only when the command wrote its output, after the work), else ``None``."""
    if path is None:
        return None
    if path.exists() and not path.is_dir():
        return f"{option} must be a directory (it is created if missing); got {str(path)!r}, a file"
    for above in path.parents:
        if above.exists():
            if not above.is_dir():
                return (f"{option} must be a directory (it is created if missing); got "
                        f"{str(path)!r}, which cannot be created: {str(above)!r} is a file")
            break
    return None


def in_the_way(out: Path | None, option: str, *, files: tuple[str, ...] = (),
               folders: tuple[str, ...] = ()) -> str | None:
    """The error for ``option`` when ``out`` already holds, under a name the command writes, a
    folder where it writes a file (``files``) or a file where it makes a folder (``folders``):
    found only at the write, after the work, it was a traceback; else ``None``."""
    if out is None:
        return None
    for name in files:
        if (out / name).is_dir():
            return (f"{option} {str(out)!r}: {str(out / name)!r} is a folder, where the command "
                    f"writes the file {name}; move it or choose another {option}")
    for name in folders:
        if (out / name).exists() and not (out / name).is_dir():
            return (f"{option} {str(out)!r}: {str(out / name)!r} is a file, where the command "
                    f"makes the folder {name}/; move it or choose another {option}")
    return None
