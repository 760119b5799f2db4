"""Checks on the paths the commands write to, made before any work is done."""

from __future__ import annotations

from pathlib import Path


def not_a_directory(path: Path | None, option: str) -> str | None:
    """The error for ``option`` naming an existing path that is not a directory (the command
    writes several files into it), else ``None``."""
    if path is not None and path.exists() and not path.is_dir():
        return f"{option} must be a directory (it is created if missing); got {str(path)!r}, a file"
    return None
