"""A per-user cache of Lark's LALR tables, safe against other local users.

Lark's own cache is a pickle: whoever can write the file can run code as
the next user to load it. This cache is JSON (loading it runs nothing), kept
in the user's own cache directory (never a shared temporary directory),
which is created 0700 and checked before every read and write: it must be a
real directory owned by this user that nobody else can write to, and the
file likewise. Anything doubtful means no cache: the grammar is analysed
afresh, which costs a few tens of milliseconds, never a failure.

One file per grammar: writing a new one removes the stale ones.
"""

from __future__ import annotations

import hashlib
import json
import os
import stat
from pathlib import Path

PREFIX = "grammar-"
KEEP = 4


def cache_dir() -> Path | None:
    """The user's cache directory for diffcli; None where there is no safe one."""
    if os.name == "nt":  # pragma: no cover - per-user profile folders
        base = os.environ.get("LOCALAPPDATA")
        return Path(base) / "diffcli" if base else None
    base = os.environ.get("XDG_CACHE_HOME", "")
    if not os.path.isabs(base):  # the XDG spec: a relative value is to be ignored
        home = os.path.expanduser("~")
        if not os.path.isabs(home):
            return None
        base = os.path.join(home, ".cache")
    return Path(base) / "diffcli"


def _private(st: os.stat_result, want_dir: bool) -> bool:
    """Owned by us, of the right kind, and writable by nobody else."""
    kind = stat.S_ISDIR(st.st_mode) if want_dir else stat.S_ISREG(st.st_mode)
    if not kind or st.st_mode & (stat.S_IWGRP | stat.S_IWOTH):
        return False
    return not hasattr(os, "getuid") or st.st_uid == os.getuid()


def _safe_dir(create: bool) -> Path | None:
    folder = cache_dir()
    if folder is None:
        return None
    try:
        if create and not os.path.lexists(folder):
            folder.parent.mkdir(parents=True, exist_ok=True)
            os.mkdir(folder, 0o700)
        return folder if _private(os.lstat(folder), want_dir=True) else None  # lstat: a link is refused
    except OSError:
        return None


def key(grammar_text: str, version: str) -> str:
    return hashlib.sha256(f"{version}\0{grammar_text}".encode()).hexdigest()[:32]


def load(digest: str):
    """The cached tables for this grammar, or None."""
    folder = _safe_dir(create=False)
    if folder is None:
        return None
    path = folder / f"{PREFIX}{digest}.json"
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
    except OSError:
        return None
    try:
        with os.fdopen(fd, "rb") as f:
            if not _private(os.fstat(f.fileno()), want_dir=False):
                return None
            doc = json.loads(f.read(), object_hook=_decode)
    except (OSError, ValueError, TypeError):
        return None
    if not isinstance(doc, dict) or doc.get("key") != digest:
        return None
    return doc.get("tables")


def save(digest: str, tables) -> None:
    folder = _safe_dir(create=True)
    if folder is None:
        return
    path = folder / f"{PREFIX}{digest}.json"
    tmp = folder / f".{PREFIX}{digest}.{os.getpid()}.tmp"
    try:
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0), 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            json.dump({"key": digest, "tables": _encode(tables)}, f, separators=(",", ":"))
        os.replace(tmp, path)
        # keep the newest few (several checkouts may share the folder), remove the rest
        for old in sorted(folder.glob(f"{PREFIX}*.json"), key=lambda p: p.stat().st_mtime)[:-KEEP]:
            old.unlink()
    except (OSError, TypeError, ValueError):
        try:
            os.unlink(tmp)
        except OSError:
            pass


# Lark's tables hold tuples and dicts with int keys, which JSON has not:
# they are tagged on the way out and rebuilt on the way in.

def _encode(obj):
    if isinstance(obj, dict):
        return {"d": [[k, _encode(v)] for k, v in obj.items()]}
    if isinstance(obj, tuple):
        return {"t": [_encode(v) for v in obj]}
    if isinstance(obj, list):
        return [_encode(v) for v in obj]
    if obj is None or isinstance(obj, (str, int, float, bool)):
        return obj
    raise TypeError(f"cannot cache a {type(obj).__name__}")


def _decode(obj: dict):
    if len(obj) == 1 and "t" in obj:
        return tuple(obj["t"])
    if len(obj) == 1 and "d" in obj:
        return {k: v for k, v in obj["d"]}
    return obj
