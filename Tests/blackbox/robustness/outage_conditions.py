"""Ways to make a running polytask's store unable to write, and to undo them, on Linux as root
(what `make test` and CI run as). Each condition is a class: `launcher(mnt)` says how to start
the server (None: as usual), `apply(server)` breaks writing, `undo(server)` repairs it, and
`cause` is the text the server's log line must name. A technique this machine lacks fails the
test with a message saying what to install, never a skip.

- DiskFull: the database lives on a small tmpfs mounted in a mount namespace of the server's
  own (`unshare -m`; the test reaches it through /proc/PID/root), filled to the last byte.
  SQLite gets ENOSPC: SQLITE_FULL.
- ImmutableFile: `chattr +i` on the database and its WAL (ext4 and most Linux file systems):
  writes on descriptors already open fail with EPERM, which the store names read-only.
- FileSizeLimit: RLIMIT_FSIZE lowered to 0 on the running process (prlimit): a write to any
  file fails with EFBIG instead of SIGXFSZ killing the process, as polytask ignores SIGXFSZ."""
import os
import resource
import shutil
import subprocess


def require(tool, package):
    if shutil.which(tool) is None:
        raise AssertionError(f"{tool} is needed for this test: apt-get install {package}")


class DiskFull:
    name = "disk-full"
    cause = "database or disk full"
    # Room for the schema, the test's data and the WAL; the filler takes the rest.
    SIZE = "8m"

    def __init__(self, tmp_path):
        require("unshare", "util-linux")
        require("mount", "mount")
        self.mnt = str(tmp_path / "tmpfs")
        os.makedirs(self.mnt)
        self.db = os.path.join(self.mnt, "outage.db")

    def launcher(self):
        # A private mount namespace, so the tmpfs is the server's alone and vanishes with it.
        script = f'mount -t tmpfs -o size={self.SIZE} polytask-test "{self.mnt}" && exec "$@"'
        return ["unshare", "--mount", "--propagation", "private", "sh", "-c", script, "sh"]

    def _inside(self, server, name):
        return f"/proc/{server.proc.pid}/root{self.mnt}/{name}"

    def apply(self, server):
        probe = subprocess.run(["findmnt", "-N", str(server.proc.pid), "-n", "-o", "FSTYPE", self.mnt],
                               capture_output=True, text=True)
        assert probe.stdout.strip() == "tmpfs", f"the server's database is not on a tmpfs: {probe}"
        filler = self._inside(server, "filler")
        chunk = b"\0" * (64 * 1024)
        with open(filler, "wb", buffering=0) as f:
            try:
                while True:
                    f.write(chunk)
            except OSError as e:
                assert e.errno == 28, e  # ENOSPC
        # Whatever is left is smaller than a chunk: fill it byte by byte-ish.
        with open(filler, "ab", buffering=0) as f:
            for size in (4096, 512, 1):
                try:
                    while True:
                        f.write(b"\0" * size)
                except OSError:
                    pass

    def undo(self, server):
        os.remove(self._inside(server, "filler"))

    def cleanup(self, server):
        pass


class ImmutableFile:
    name = "immutable-file"
    cause = "database is read-only: Operation not permitted"

    def __init__(self, tmp_path):
        require("chattr", "e2fsprogs")
        self.db = str(tmp_path / "outage.db")
        self.files = []

    def launcher(self):
        return None

    def apply(self, server):
        self.files = [p for p in (self.db, self.db + "-wal") if os.path.exists(p)]
        r = subprocess.run(["chattr", "+i"] + self.files, capture_output=True, text=True)
        assert r.returncode == 0, f"chattr +i failed (the file system must support it): {r.stderr}"

    def undo(self, server):
        subprocess.run(["chattr", "-i"] + self.files, check=True)

    def cleanup(self, server):
        if self.files:
            subprocess.run(["chattr", "-i"] + self.files)


class FileSizeLimit:
    name = "file-size-limit"
    cause = "database or disk full: File too large"

    def __init__(self, tmp_path):
        self.db = str(tmp_path / "outage.db")
        self.before = None

    def launcher(self):
        return None

    def apply(self, server):
        self.before = resource.prlimit(server.proc.pid, resource.RLIMIT_FSIZE)
        resource.prlimit(server.proc.pid, resource.RLIMIT_FSIZE, (0, self.before[1]))

    def undo(self, server):
        resource.prlimit(server.proc.pid, resource.RLIMIT_FSIZE, self.before)

    def cleanup(self, server):
        pass


CONDITIONS = [DiskFull, ImmutableFile, FileSizeLimit]
