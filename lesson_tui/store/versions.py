"""Two versions of a lesson (`plan/lessoncopies.py`), and the teacher's choice between them.

Nothing is lost and nothing is picked silently: the teacher keeps this one (the lesson file),
the other (the sync engine's copy) or both. The version not kept is moved into the archive
folder, never deleted. Kept both, the copy becomes a lesson of its own, beside the original:
a new id and "(kopie)" after its title; the copy's file as the engine left it goes to the
archive too, so not a byte of it is gone.
"""

from __future__ import annotations

from collections.abc import Iterable
from enum import StrEnum
from pathlib import Path

from tomlkit.exceptions import TOMLKitError

from lesson_tui.base.i18n import t
from lesson_tui.base.oserrors import os_error_text
from lesson_tui.plan.lessoncopies import LessonVersions
from lesson_tui.plan.lessonedit import LessonDraft
from lesson_tui.plan.lessonplan import LessonFileError
from lesson_tui.plan.problems import Problem
from lesson_tui.store.settings import ArchiveError, archive_lesson


class Keep(StrEnum):
    THIS = "this"  # the lesson file; the copy goes to the archive
    OTHER = "other"  # the copy, under the lesson file's name; the lesson file goes to the archive
    BOTH = "both"  # the copy becomes a lesson of its own ("(kopie)")


def keep_version(data_dir: Path, versions: LessonVersions, keep: Keep, taken_ids: Iterable[str]) -> Path:
    """Carry out the teacher's choice; the path of the lesson that is new or changed (the
    original's path for THIS and OTHER, the new lesson's for BOTH). `taken_ids`: the
    library's lesson ids (the new one is none of them). ArchiveError (an OSError) when a file
    cannot be moved (nothing has changed then, or for BOTH the new lesson is there and the
    copy still beside it); LessonFileError when the copy is no TOML, for BOTH (nothing changed)."""
    original, copy = versions.original, versions.copy
    if keep is Keep.THIS:
        archive_lesson(data_dir, copy)
        return original
    if keep is Keep.OTHER:
        archive_lesson(data_dir, original)
        try:
            copy.replace(original)
        except OSError as error:
            raise ArchiveError(t("library.cannot_archive", path=copy.name, reason=os_error_text(error))) from None
        return original
    try:
        draft = LessonDraft.copy(copy, original.parent, taken_ids)  # before anything is moved
    except TOMLKitError as error:
        raise LessonFileError(copy, [Problem("-", str(error))]) from None
    draft.save()  # a copy that does not pass the check yet is saved as a draft, as the editor does
    archive_lesson(data_dir, copy)
    return draft.path
