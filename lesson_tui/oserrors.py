"""Why an OS call failed, in the teacher's words: one place for every screen and command."""

from __future__ import annotations

import errno

from lesson_tui.i18n import t

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
}


def os_error_text(error: OSError) -> str:
    """An OSError as a short reason in the teacher's language (never a temp file's name)."""
    key = _ERRNO_KEYS.get(error.errno or 0)
    if key:
        return t(key)
    return error.strerror or t("os.unknown")
