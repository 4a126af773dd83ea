"""Where rjtui's files live: packaged data, user config and the user data dir.

Kept apart from config parsing so that every module resolves locations the
same way (XDG on Linux, with environment overrides for tests and scripts).
"""

from __future__ import annotations

import os
from pathlib import Path

APP_NAME = "rjtui"
_PACKAGE_DIR = Path(__file__).resolve().parent


def _packaged(name: str) -> Path:
    """A file shipped with rjtui: inside the wheel (``rjtui/_data``) or, in a
    source checkout or editable install, at the top of the repository."""
    installed = _PACKAGE_DIR / "_data" / name
    return installed if installed.exists() else _PACKAGE_DIR.parent / name


def packaged_seeds_dir() -> Path:
    """The five seed articles: the default corpus, so rjtui works with no arguments."""
    return _packaged("seeds")


def packaged_config_file() -> Path:
    """The commented default ``config.yaml``, the last step of the config lookup."""
    return _packaged("config.yaml")


def user_config_file() -> Path:
    """``$XDG_CONFIG_HOME/rjtui/config.yaml`` (``~/.config/rjtui/config.yaml``)."""
    base = os.environ.get("XDG_CONFIG_HOME") or str(Path.home() / ".config")
    return Path(base) / APP_NAME / "config.yaml"


def default_data_dir() -> Path:
    """``$RJTUI_DATA_DIR``, else ``$XDG_DATA_HOME/rjtui`` (``~/.local/share/rjtui``)."""
    env = os.environ.get("RJTUI_DATA_DIR")
    if env:
        return Path(env).expanduser()
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / APP_NAME


def ensure_private_dir(path: Path) -> Path:
    """Create ``path`` (and parents) with mode 0700 if missing; return it.

    The data dir holds a Whoosh index whose table of contents is a pickle, so
    it must be writable by the user alone.
    """
    missing, folder = [], path
    while not folder.exists() and folder != folder.parent:
        missing.append(folder)
        folder = folder.parent
    for new in reversed(missing):  # every folder we create is private, not just the last
        new.mkdir(mode=0o700, exist_ok=True)
    return path


def shared_data_dir_warning(data_dir: Path) -> str | None:
    """One line when the data dir exists and others may write to it (the index in it is
    refused then, folder by folder; bookmarks are not), else None."""
    try:
        mode = data_dir.stat().st_mode
    except OSError:
        return None
    if not mode & 0o022:
        return None
    who = "everyone" if mode & 0o002 else "your group"
    return f"warning: {who} can write to the data dir {data_dir}; run: chmod 700 {data_dir}"
