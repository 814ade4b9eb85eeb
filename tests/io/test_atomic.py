"""Atomic saving: a fault at any step leaves the old file byte-identical and no temporary file."""

import errno
import os
import stat
import sys

import pytest

from diagrammer.io import SaveError, write_atomic
from diagrammer.io import atomic as atomic_module

OLD = b'{"old": "contents"}\n'
NEW = b'{"new": "contents, longer than the old ones"}\n'


@pytest.fixture
def target(tmp_path):
    path = tmp_path / "diagram.json"
    path.write_bytes(OLD)
    return path


def enospc(*_args, **_kwargs):
    raise OSError(errno.ENOSPC, "No space left on device")


class FaultyFile:
    """Wraps the real temporary file and fails at one method, as a full disk would."""

    def __init__(self, real, failing):
        self.real, self.failing = real, failing

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.real.close()

    def fileno(self):
        return self.real.fileno()

    def write(self, data):
        if self.failing == "write":
            self.real.write(data[: len(data) // 2])
            enospc()
        return self.real.write(data)

    def flush(self):
        if self.failing == "flush":
            enospc()
        return self.real.flush()


def faulty_fdopen(failing):
    real_fdopen = os.fdopen

    def fdopen(fd, *args, **kwargs):
        return FaultyFile(real_fdopen(fd, *args, **kwargs), failing)

    return fdopen


def assert_untouched(path):
    assert path.read_bytes() == OLD
    assert sorted(p.name for p in path.parent.iterdir()) == [path.name]


def test_write_replaces_the_contents(target):
    write_atomic(target, NEW)
    assert target.read_bytes() == NEW
    assert sorted(p.name for p in target.parent.iterdir()) == [target.name]


def test_a_new_file_is_created(tmp_path):
    path = tmp_path / "fresh.json"
    write_atomic(str(path), NEW)
    assert path.read_bytes() == NEW


@pytest.mark.parametrize(
    ("step", "reason"),
    [
        ("open", "the disk is full"),
        ("write", "the disk is full"),
        ("flush", "the disk is full"),
        ("fsync", "the disk is full"),
        ("replace", "the disk is full"),
    ],
)
def test_a_fault_at_each_step_leaves_the_old_file(target, monkeypatch, step, reason):
    if step == "open":
        real_open = os.open
        monkeypatch.setattr(
            os, "open", lambda p, *a, **k: enospc() if str(p).endswith(".tmp") else real_open(p, *a, **k)
        )
    elif step in ("write", "flush"):
        monkeypatch.setattr(os, "fdopen", faulty_fdopen(step))
    elif step == "fsync":
        monkeypatch.setattr(os, "fsync", enospc)
    else:
        monkeypatch.setattr(os, "replace", enospc)
    with pytest.raises(SaveError) as info:
        write_atomic(target, NEW)
    assert str(info.value) == f'Cannot save "{target}": {reason}.'
    assert isinstance(info.value.__cause__, OSError)
    monkeypatch.undo()
    assert_untouched(target)


@pytest.mark.parametrize(
    ("code", "reason"),
    [
        (errno.EACCES, "permission was denied"),
        (errno.EROFS, "the disk is read-only"),
        (errno.EDQUOT, "the disk quota is exceeded"),
        (errno.EIO, "the disk reported an input/output error"),
        (errno.ENOENT, "its folder does not exist"),
    ],
)
def test_os_errors_are_put_into_words(target, monkeypatch, code, reason):
    monkeypatch.setattr(os, "replace", lambda *a: (_ for _ in ()).throw(OSError(code, os.strerror(code))))
    with pytest.raises(SaveError) as info:
        write_atomic(target, NEW)
    assert str(info.value) == f'Cannot save "{target}": {reason}.'
    monkeypatch.undo()
    assert_untouched(target)


def test_an_interrupt_mid_write_still_cleans_up(target, monkeypatch):
    def interrupted(*_args):
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "fsync", interrupted)
    with pytest.raises(KeyboardInterrupt):
        write_atomic(target, NEW)
    monkeypatch.undo()
    assert_untouched(target)


def test_a_missing_folder_is_named(tmp_path):
    path = tmp_path / "gone" / "x.json"
    with pytest.raises(SaveError) as info:
        write_atomic(path, NEW)
    assert str(info.value) == f'Cannot save "{path}": its folder does not exist.'


def test_a_folder_is_not_overwritten(tmp_path):
    with pytest.raises(SaveError) as info:
        write_atomic(tmp_path, NEW)
    assert str(info.value) == f'Cannot save "{tmp_path}": it is a folder, not a file.'


@pytest.mark.skipif(sys.platform == "win32" or os.geteuid() == 0, reason="root ignores file permissions")
def test_a_read_only_file_is_refused(target):
    target.chmod(0o444)
    with pytest.raises(SaveError, match="the file is read-only"):
        write_atomic(target, NEW)
    assert_untouched(target)


def test_the_file_mode_is_kept(target):
    target.chmod(0o640)
    write_atomic(target, NEW)
    assert stat.S_IMODE(target.stat().st_mode) == 0o640


@pytest.mark.skipif(sys.platform == "win32", reason="symbolic links need privileges on Windows")
def test_a_symbolic_link_stays_a_link(target):
    link = target.parent / "link.json"
    link.symlink_to(target.name)
    write_atomic(link, NEW)
    assert link.is_symlink()
    assert target.read_bytes() == NEW


def test_the_folder_is_synced_after_the_rename(target, monkeypatch):
    synced = []
    real_fsync = os.fsync
    monkeypatch.setattr(os, "fsync", lambda fd: synced.append(stat.S_ISDIR(os.fstat(fd).st_mode)) or real_fsync(fd))
    write_atomic(target, NEW)
    assert synced == [False, True]


def test_a_folder_that_cannot_be_synced_is_not_an_error(target, monkeypatch):
    real_fsync = os.fsync

    def fsync(fd):
        if stat.S_ISDIR(os.fstat(fd).st_mode):
            raise OSError(errno.EINVAL, "Invalid argument")
        real_fsync(fd)

    monkeypatch.setattr(os, "fsync", fsync)
    write_atomic(target, NEW)
    assert target.read_bytes() == NEW


def test_the_module_reaches_os_through_the_module_attribute():
    # Fault injection above patches the os module; this fails if atomic.py starts importing names.
    assert atomic_module.os is os


def test_a_file_without_write_permission_is_refused(target, monkeypatch):
    # os.access says what a non-root user would meet; root (as in CI) may write anything.
    monkeypatch.setattr(os, "access", lambda *_args, **_kwargs: False)
    with pytest.raises(SaveError) as info:
        write_atomic(target, NEW)
    assert str(info.value) == f'Cannot save "{target}": the file is read-only.'
    monkeypatch.undo()
    assert_untouched(target)
