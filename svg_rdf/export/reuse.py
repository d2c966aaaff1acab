"""Export: a file of the new output set that the previous set holds with the same bytes is
hard-linked from it instead of written and fsynced again.

A rebuild after one edit changes a handful of output/'s ~1,000 files; writing and fsyncing
every one is most of the write step's time. A link is made only when the old file is a
plain file of ours that nothing else links (one link, our user, the mode the umask gives
now), reached without a symbolic link inside output/, and its bytes are read back through
the new name and compared: the new set holds exactly the bytes the build verified. The old
file was made durable when it was written; the new folder's entries are fsynced as before.
"""

from __future__ import annotations

import contextlib
import os
import stat
from pathlib import Path


def current_umask() -> int | None:
    """The process's umask, read without changing it (/proc/self/status), or None."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    except (OSError, ValueError):
        return None
    return None


class Reuser:
    """Links unchanged files of `old` (the previous set) into `new`."""

    def __init__(self, old: Path, new: Path) -> None:
        self.old = old
        self.new = new
        umask = current_umask()
        self.mode = None if umask is None else 0o666 & ~umask
        self.safe_folders: dict[str, bool] = {"": self._plain_folder(old)}
        self.linked = 0

    @staticmethod
    def _plain_folder(path: Path) -> bool:
        try:
            return stat.S_ISDIR(os.lstat(path).st_mode)
        except OSError:
            return False

    def _folder_is_safe(self, folder: str) -> bool:
        """Whether old/folder is reached through plain folders only (no link)."""
        if folder not in self.safe_folders:
            parent = folder.rpartition("/")[0]
            self.safe_folders[folder] = self._folder_is_safe(parent) and self._plain_folder(
                self.old / folder
            )
        return self.safe_folders[folder]

    def link(self, name: str, data: bytes) -> bool:
        """Put the old file `name` into the new set when it holds exactly `data`; whether
        it did (when not, nothing of `name` is left in the new set)."""
        if self.mode is None or not self._folder_is_safe(name.rpartition("/")[0]):
            return False
        old, new = self.old / name, self.new / name
        try:
            info = os.lstat(old)
        except OSError:
            return False
        if (
            not stat.S_ISREG(info.st_mode)
            or info.st_nlink != 1
            or info.st_uid != os.geteuid()
            or stat.S_IMODE(info.st_mode) != self.mode
            or info.st_size != len(data)
        ):
            return False
        try:
            os.link(old, new, follow_symlinks=False)
        except OSError:
            return False
        try:
            handle = os.open(new, os.O_RDONLY | os.O_NOFOLLOW | os.O_CLOEXEC)
            with os.fdopen(handle, "rb") as reading:
                same = reading.read(len(data) + 1) == data
        except OSError:
            same = False
        if not same:  # changed since we looked: written afresh instead
            with contextlib.suppress(FileNotFoundError):
                os.unlink(new)
            return False
        self.linked += 1
        return True
