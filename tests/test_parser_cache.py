"""The parser-table cache: nothing in shared temporary folders, nothing another user planted is read."""

import json
import os
import pickle
import stat
import subprocess
import sys

import pytest

from diffcli import parser_cache

RUN = [sys.executable, "-c", "from diffcli.cli import main; main()", "d", "x^3"]


class _Boom:
    """Unpickling this writes a marker file: proof that a planted pickle ran."""

    def __init__(self, marker):
        self.marker = marker

    def __reduce__(self):
        return (open, (self.marker, "w"))


def _env(tmp_path, **extra):
    env = {k: v for k, v in os.environ.items() if k not in ("XDG_CACHE_HOME", "TMPDIR")}
    env.update(HOME=str(tmp_path / "home"), **extra)
    return env


def _run(env):
    r = subprocess.run(RUN, env=env, capture_output=True, text=True, timeout=60)
    assert r.returncode == 0, r.stderr
    assert r.stdout.splitlines()[0] == "3*x^2"
    return r


def test_a_world_writable_tmpdir_gets_nothing(tmp_path):
    shared = tmp_path / "shared-tmp"
    shared.mkdir()
    shared.chmod(0o1777)
    _run(_env(tmp_path, TMPDIR=str(shared)))
    _run(_env(tmp_path, TMPDIR=str(shared)))  # the second run reads the cache it wrote
    assert list(shared.iterdir()) == []
    folder = tmp_path / "home" / ".cache" / "diffcli"
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    assert len(list(folder.glob("grammar-*.json"))) == 1


def test_a_planted_pickle_is_never_loaded(tmp_path):
    marker = tmp_path / "pwned"
    shared = tmp_path / "shared-tmp"
    shared.mkdir()
    shared.chmod(0o1777)
    # where the old versions kept their tables, and where Lark's own cache would be
    old = shared / f"diffcli-{os.getuid()}"
    old.mkdir()
    payload = pickle.dumps(_Boom(str(marker)))
    for name in ("grammar-1.3.1-0-0.cache", "x.cache"):
        (old / name).write_bytes(payload)
    # and a pickle in the very file the cache would read, in the user's own folder
    cache = tmp_path / "xdg"
    env = _env(tmp_path, TMPDIR=str(shared), XDG_CACHE_HOME=str(cache))
    _run(env)
    [written] = (cache / "diffcli").glob("grammar-*.json")
    written.write_bytes(payload)
    _run(env)
    assert not marker.exists()


def test_a_folder_others_can_write_is_not_read(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    digest = parser_cache.key("grammar", "1")
    parser_cache.save(digest, {"data": (1, 2), "memo": {3: "x"}})
    assert parser_cache.load(digest) == {"data": (1, 2), "memo": {3: "x"}}
    folder = tmp_path / "diffcli"
    folder.chmod(0o777)
    assert parser_cache.load(digest) is None
    folder.chmod(0o700)
    file = folder / f"grammar-{digest}.json"
    file.chmod(0o666)
    assert parser_cache.load(digest) is None
    file.chmod(0o600)
    assert parser_cache.load(digest) is not None


def test_a_symlinked_folder_or_file_is_refused(tmp_path, monkeypatch):
    elsewhere = tmp_path / "elsewhere"
    monkeypatch.setenv("XDG_CACHE_HOME", str(elsewhere))
    digest = parser_cache.key("grammar", "1")
    parser_cache.save(digest, {"data": 1, "memo": {}})
    link_home = tmp_path / "linked"
    link_home.mkdir()
    (link_home / "diffcli").symlink_to(elsewhere / "diffcli")
    monkeypatch.setenv("XDG_CACHE_HOME", str(link_home))
    assert parser_cache.load(digest) is None
    monkeypatch.setenv("XDG_CACHE_HOME", str(elsewhere))
    real = elsewhere / "diffcli" / f"grammar-{digest}.json"
    moved = elsewhere / "diffcli" / "moved.json"
    real.rename(moved)
    real.symlink_to(moved)
    assert parser_cache.load(digest) is None


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() != 0, reason="changing a file's owner needs root")
def test_a_folder_owned_by_another_user_is_not_read(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    digest = parser_cache.key("grammar", "1")
    parser_cache.save(digest, {"data": 1, "memo": {}})
    folder = tmp_path / "diffcli"
    os.chown(folder, 12345, 12345)
    monkeypatch.setattr(os, "getuid", lambda: 0)
    assert parser_cache.load(digest) is None


def test_stale_tables_are_removed(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    import time

    for version in range(7):
        parser_cache.save(parser_cache.key("grammar", str(version)), {"data": str(version), "memo": {}})
        time.sleep(0.01)
    files = sorted(f.name for f in (tmp_path / "diffcli").iterdir())
    assert files == sorted(f"grammar-{parser_cache.key('grammar', str(v))}.json" for v in range(3, 7))
    newest = tmp_path / "diffcli" / f"grammar-{parser_cache.key('grammar', '6')}.json"
    assert json.loads(newest.read_text())["tables"]["d"][0] == ["data", "6"]
