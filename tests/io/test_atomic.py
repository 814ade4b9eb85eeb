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
        (errno.ENOENT, "there is no such file, and none can be made in its folder"),
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


# ----- what the user has is kept: special files, links, owners --------------------------------------

ROOT_ONLY = pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() != 0, reason="needs root")
REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def make_device(path, minor):
    try:
        os.mknod(path, stat.S_IFCHR | 0o666, os.makedev(1, minor))
    except PermissionError:
        pytest.skip("this system does not allow making device nodes")


@ROOT_ONLY
def test_a_device_is_written_to_and_stays_a_device(tmp_path):
    null = tmp_path / "null"
    make_device(null, 3)
    write_atomic(null, NEW)
    assert stat.S_ISCHR(null.stat().st_mode)
    full = tmp_path / "full"
    make_device(full, 7)
    with pytest.raises(SaveError) as info:
        write_atomic(full, NEW)
    assert str(info.value) == f'Cannot save "{full}": the disk is full.'
    assert stat.S_ISCHR(full.stat().st_mode)
    link = tmp_path / "link"
    link.symlink_to(full)
    with pytest.raises(SaveError, match="the disk is full"):
        write_atomic(link, NEW)
    assert link.is_symlink() and stat.S_ISCHR(full.stat().st_mode)


def test_a_named_pipe_being_read_gets_every_byte(tmp_path):
    import threading
    import time

    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    received = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_bytes()))
    reader.start()
    for _ in range(100):  # until the reader has the pipe open
        try:
            write_atomic(fifo, NEW * 10_000)
            break
        except SaveError:
            time.sleep(0.05)
    reader.join(10)
    assert received == [NEW * 10_000]
    assert stat.S_ISFIFO(fifo.stat().st_mode)


def test_a_named_pipe_nobody_reads_is_refused_at_once(tmp_path):
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    with pytest.raises(SaveError) as info:
        write_atomic(fifo, NEW)
    assert str(info.value) == f'Cannot save "{fifo}": nothing is reading from it.'
    assert stat.S_ISFIFO(fifo.stat().st_mode)


def test_a_hard_linked_file_is_written_in_place(target):
    other = target.parent / "other-name.json"
    os.link(target, other)
    inode = target.stat().st_ino
    write_atomic(target, NEW)
    assert other.read_bytes() == NEW
    assert target.stat().st_ino == inode and target.stat().st_nlink == 2
    assert sorted(p.name for p in target.parent.iterdir()) == ["diagram.json", "other-name.json"]


def test_a_failed_write_in_place_puts_the_old_contents_back(target, monkeypatch):
    os.link(target, target.parent / "other-name.json")
    monkeypatch.setattr(os, "fsync", enospc)
    with pytest.raises(SaveError, match="the disk is full"):
        write_atomic(target, NEW)
    monkeypatch.undo()
    assert target.read_bytes() == OLD


@ROOT_ONLY
def test_root_saving_another_users_file_keeps_owner_group_and_mode(target):
    os.chown(target, 65534, 65534)
    target.chmod(0o640)
    write_atomic(target, NEW)
    info = target.stat()
    assert (info.st_uid, info.st_gid, stat.S_IMODE(info.st_mode)) == (65534, 65534, 0o640)
    assert target.read_bytes() == NEW


def run_as_nobody(code):
    import shutil
    import subprocess

    if os.geteuid() != 0 or shutil.which("setpriv") is None:
        pytest.skip("needs root and setpriv to act as another user")
    return subprocess.run(
        ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", sys.executable, "-c", code],
        capture_output=True, text=True, cwd=REPO, timeout=60,
    )  # fmt: skip


@pytest.fixture
def shared_folder():
    """A folder other users can reach (pytest's own temporary folders are private to their owner)."""
    import shutil
    import tempfile
    from pathlib import Path

    folder = Path(tempfile.mkdtemp(prefix="diagrammer-shared-"))
    folder.chmod(0o755)
    yield folder
    shutil.rmtree(folder, ignore_errors=True)


def test_a_writable_file_in_a_folder_that_is_not_writable_is_saved_in_place(shared_folder):
    folder = shared_folder  # root's folder, mode 755: nobody cannot create files here
    path = folder / "d.json"
    path.write_bytes(OLD)
    os.chown(path, 65534, 65534)
    result = run_as_nobody(f"from diagrammer.io import write_atomic; write_atomic({str(path)!r}, {NEW!r})")
    assert result.returncode == 0, result.stderr
    assert path.read_bytes() == NEW
    assert path.stat().st_uid == 65534


def test_a_file_of_another_owner_in_a_shared_folder_keeps_its_owner(shared_folder):
    # The folder is writable to all (like /tmp without the sticky bit); the file belongs to root but is
    # writable to all: a rename would make it nobody's, so it is written in place.
    shared_folder.chmod(0o777)
    path = shared_folder / "d.json"
    path.write_bytes(OLD)
    path.chmod(0o666)
    result = run_as_nobody(f"from diagrammer.io import write_atomic; write_atomic({str(path)!r}, {NEW!r})")
    assert result.returncode == 0, result.stderr
    assert path.read_bytes() == NEW
    assert (path.stat().st_uid, stat.S_IMODE(path.stat().st_mode)) == (0, 0o666)


@pytest.mark.parametrize("length", [242, 250, 255])
def test_a_long_file_name_is_not_too_long_because_of_the_temporary_name(tmp_path, length):
    path = tmp_path / ("é" * ((length - 5) // 2) + "x" * ((length - 5) % 2) + ".json")
    assert len(os.fsencode(path.name)) == length
    write_atomic(path, NEW)
    assert path.read_bytes() == NEW
    assert [p.name for p in tmp_path.iterdir()] == [path.name]


@pytest.mark.skipif(not os.path.exists("/proc/self/status"), reason="needs /proc")
def test_a_system_file_is_named_as_such():
    with pytest.raises(SaveError) as info:
        write_atomic("/proc/self/status", NEW)
    assert str(info.value) == 'Cannot save "/proc/self/status": it is a system file that cannot be written.'


def test_a_dash_writes_to_the_standard_output():
    import subprocess

    code = "from diagrammer.io import write_atomic; write_atomic('-', b'streamed')"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, cwd=REPO, timeout=60)
    assert (result.returncode, result.stdout) == (0, b"streamed")
