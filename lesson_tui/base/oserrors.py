"""Why an OS call failed, in the teacher's words: one place for every screen and command."""

from __future__ import annotations

import errno
import os

from lesson_tui.base.i18n import t

_DANGLING = -1  # no errno names a shortcut (symlink) to nothing

# Why an OS call failed, in the teacher's words (the errno names are the same everywhere).
_ERRNO_KEYS = {
    errno.ENOSPC: "os.no_space",
    errno.EROFS: "os.read_only",
    errno.EACCES: "os.no_permission",
    errno.EPERM: "os.no_permission",
    errno.ENOENT: "os.not_found",
    errno.EISDIR: "os.is_dir",
    errno.ENOTDIR: "os.not_dir",
    errno.EBUSY: "os.busy",
    errno.EDQUOT: "os.no_space",
    errno.EEXIST: "os.exists",
    errno.ELOOP: "os.link_loop",
    _DANGLING: "os.dangling_link",
}


def os_error_text(error: OSError) -> str:
    """An OSError as a short reason in the teacher's language (never a temp file's name)."""
    code = error.errno or 0
    if code in (errno.EEXIST, errno.ENOENT) and error.filename is not None:
        code = _link_error(error.filename) or code
    key = _ERRNO_KEYS.get(code)
    if key:
        return t(key)
    return error.strerror or t("os.unknown")


def _link_error(name: str | os.PathLike[str]) -> int | None:
    """A folder that "exists" but cannot be entered is often a shortcut (symlink) to nothing
    or to itself: mkdir says EEXIST, which would name the wrong problem."""
    try:
        if not os.path.islink(name):
            return None
        os.stat(name)
    except OSError as error:
        if error.errno == errno.ELOOP:
            return errno.ELOOP
        if error.errno == errno.ENOENT:
            return _DANGLING
        return None
    return None
