"""The school view: every class of the teachers' folders, its lessons, and the signals for the
zorgoverleg, read-only (`store/readonly.py`), for one school year.

`SchoolView.report()` is what the screen, the command line and the exports show: one
immutable `SchoolReport`. A refresh lists the folders and reads only the runs that are new or
changed (`cache.py`), so a lesson synced in shows at the next refresh.

**The goals' seam.** Mastery of goals (a goal id per lesson's `doel`, a mastery status per
pupil per goal) is another part of lesson-tui; the school view does not decide it. A
`MasterySource` plugs it in: `keep(run)` is what it needs of a run, kept in the run's digest
(and so cached with it; its `version` makes the cache read the runs again when it changes),
`goal_shares(digests)` gives a class's goals with the pupils at mastery (the class summary's
goals column) and `stuck(person, facts)` its "vastgelopen" signals. Without one (`NO_MASTERY`)
the goals column says it is not available, and there are no vastgelopen signals.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from lesson_tui.base.clock import Clock, SystemClock
from lesson_tui.klas.pupils import demo_class
from lesson_tui.lesson.run import LessonRun
from lesson_tui.school.cache import DigestCache
from lesson_tui.school.digest import RunDigest, no_collector, school_year
from lesson_tui.school.identity import Person, Seen, link_suggestions, normal, people
from lesson_tui.school.signals import LessonFact, Signal, Thresholds, pupil_signals
from lesson_tui.school.state import SchoolSettings, load_settings
from lesson_tui.store import layout, readonly


@dataclass(frozen=True)
class GoalShare:
    doel: str
    pupils: int  # pupils with a mastery status for the goal
    mastered: int

    @property
    def share(self) -> float:
        return self.mastered / self.pupils if self.pupils else 0.0


class MasterySource(Protocol):
    version: str

    def keep(self, run: LessonRun) -> dict[str, Any]: ...

    def goal_shares(self, digests: Sequence[RunDigest]) -> list[GoalShare]: ...

    def stuck(self, person: Person, facts: Sequence[tuple[RunDigest, str]]) -> list[Signal]: ...


class _NoMastery:
    """No goals' mastery plugged in: nothing kept, no goals column, no vastgelopen."""

    version = ""

    def keep(self, run: LessonRun) -> dict[str, Any]:
        return {}

    def goal_shares(self, digests: Sequence[RunDigest]) -> list[GoalShare]:
        return []

    def stuck(self, person: Person, facts: Sequence[tuple[RunDigest, str]]) -> list[Signal]:
        return []


NO_MASTERY: MasterySource = _NoMastery()


@dataclass(frozen=True)
class LessonLine:
    """One lesson in a class summary."""

    date: str
    teacher: str
    vak: str
    titel: str
    present: int
    checked: int
    rounds: int
    sizes: tuple[int, int, int] | None
    closed: bool


@dataclass(frozen=True)
class ClassSummary:
    key: str  # "<school year>/<class name as compared>"
    name: str
    year: str
    teachers: tuple[str, ...]
    pupils: int
    lessons: tuple[LessonLine, ...]
    goals: tuple[GoalShare, ...] | None  # None: no mastery source plugged in

    @property
    def lessons_given(self) -> int:
        return len(self.lessons)

    @property
    def coverage(self) -> float | None:
        """Pupils checked per present pupil, over every lesson (None without lessons)."""
        present = sum(line.present for line in self.lessons)
        return sum(line.checked for line in self.lessons) / present if present else None

    @property
    def split_lessons(self) -> tuple[LessonLine, ...]:
        return tuple(line for line in self.lessons if line.sizes is not None)


@dataclass(frozen=True)
class PupilRecord:
    person: Person
    facts: tuple[LessonFact, ...]  # every lesson they were present in, oldest first
    signals: tuple[Signal, ...]

    @property
    def miniklas_min(self) -> float:
        return round(sum(f.miniklas_s for f in self.facts) / 60, 1)

    @property
    def spoor3_lessons(self) -> int:
        return sum(1 for f in self.facts if f.spoor == 3)


@dataclass(frozen=True)
class TeacherFolder:
    root: Path
    label: str  # the folder's name
    key: str  # short and stable: in every pupil's key


@dataclass(frozen=True)
class SchoolReport:
    year: str
    years: tuple[str, ...]
    folders: tuple[TeacherFolder, ...]
    classes: tuple[ClassSummary, ...]
    pupils: tuple[PupilRecord, ...]
    thresholds: Thresholds
    problems: tuple[str, ...]
    suggestions: tuple[tuple[Person, Person], ...] = ()
    goals_available: bool = False

    @property
    def signals(self) -> list[Signal]:
        return [s for p in self.pupils for s in p.signals]

    def pupil(self, key: str) -> PupilRecord | None:
        return next((p for p in self.pupils if p.person.key == key or key in p.person.keys), None)

    def class_summary(self, name: str) -> ClassSummary | None:
        wanted = normal(name)
        return next((c for c in self.classes if normal(c.name) == wanted), None)


def folder_of(root: Path) -> TeacherFolder:
    resolved = Path(root).expanduser().resolve()
    return TeacherFolder(resolved, resolved.name, layout.folder_key(resolved)[:8])


@dataclass
class SchoolView:
    """The school, from the folders in `settings` (read-only), for one school year."""

    settings: SchoolSettings = field(default_factory=SchoolSettings)
    clock: Clock = field(default_factory=SystemClock)
    mastery: MasterySource = NO_MASTERY
    year: str | None = None  # None: the latest school year with lessons
    cache: DigestCache | None = None

    @classmethod
    def from_state(cls, **kwargs: Any) -> SchoolView:
        problems: list[str] = []
        view = cls(settings=load_settings(problems), **kwargs)
        view._early = problems
        return view

    def __post_init__(self) -> None:
        self._early: list[str] = []

    def report(self) -> SchoolReport:
        """Read what changed in the folders, and the school as it is now."""
        problems: list[str] = list(self._early)
        if self.cache is None:
            self.cache = DigestCache.load(self.mastery.version)
        folders = [folder_of(Path(f)) for f in self.settings.folders]
        demo = demo_class().id
        per_folder: list[tuple[TeacherFolder, list[RunDigest], list[Any]]] = []
        for folder in folders:
            if not layout.runs_dir(folder.root).is_dir() and not layout.classes_dir(folder.root).is_dir():
                from lesson_tui.base.i18n import t

                problems.append(t("school.not_a_data_folder", path=folder.root))
                continue
            digests = self.cache.refresh(folder.root, self.clock, problems, self.mastery.keep)
            classes = readonly.classes(folder.root, problems)
            per_folder.append((folder, [d for d in digests if d.class_id != demo], classes))
        self.cache.forget_others([f.root for f in folders])
        try:
            self.cache.save()
        except OSError as error:
            from lesson_tui.base.oserrors import os_error_text

            problems.append(os_error_text(error))
        years = sorted({d.year for _, digests, _ in per_folder for d in digests}, reverse=True)
        year = self.year or (years[0] if years else school_year(self.clock.now().isoformat()))
        with no_collector():
            return _build(year, tuple(years), per_folder, self.settings, self.mastery, problems)


def _build(
    year: str,
    years: tuple[str, ...],
    per_folder: list[tuple[TeacherFolder, list[RunDigest], list[Any]]],
    settings: SchoolSettings,
    mastery: MasterySource,
    problems: list[str],
) -> SchoolReport:
    seen: dict[str, Seen] = {}  # by key: the pupil as the latest lesson or the class file names them
    runs: list[tuple[TeacherFolder, RunDigest]] = []
    class_pupils: dict[str, set[str]] = {}  # class key -> node keys of its pupils (class files)
    for folder, digests, classes in per_folder:
        of_year = sorted((d for d in digests if d.year == year), key=lambda d: d.started_at)
        runs.extend((folder, d) for d in of_year)
        names_this_year = {normal(d.class_name) for d in of_year}
        for digest_ in of_year:
            for index, (pid, first, last, _) in enumerate(digest_.pupils):
                key = f"{folder.key}:{pid}"
                sid = digest_.school_ids[index] if digest_.school_ids else ""
                known = seen.get(key)
                sid = sid or (known.school_id if known is not None else "")
                seen[key] = Seen(folder.key, pid, f"{first} {last}".strip(), digest_.class_name, sid)
        for school_class in classes:
            if normal(school_class.name) not in names_this_year:
                continue
            class_key = f"{year}/{normal(school_class.name)}"
            for pupil in school_class.active_pupils:
                key = f"{folder.key}:{pupil.id}"
                known = seen.get(key)
                sid = pupil.school_id or (known.school_id if known is not None else "")
                seen[key] = Seen(folder.key, pupil.id, pupil.full_name, school_class.name, sid)
                class_pupils.setdefault(class_key, set()).add(key)
    persons = people(seen.values(), settings.links)
    runs.sort(key=lambda item: (item[1].started_at, item[1].run_id))
    # the classes
    by_class: dict[str, list[tuple[TeacherFolder, RunDigest]]] = {}
    for folder, digest_ in runs:
        by_class.setdefault(f"{year}/{normal(digest_.class_name)}", []).append((folder, digest_))
    summaries = []
    for key, items in by_class.items():
        name = items[-1][1].class_name
        lines = tuple(
            LessonLine(d.date, f.label, d.vak, d.titel, sum(d.present), sum(d.checked), d.rounds, d.sizes(), d.closed)
            for f, d in items
        )
        pupils_of = class_pupils.get(key) or {f"{f.key}:{pid}" for f, d in items for pid, *_ in d.pupils}
        count = len({persons[k].key for k in pupils_of if k in persons})
        goals = mastery.goal_shares([d for _, d in items])
        summaries.append(
            ClassSummary(
                key, name, year, tuple(sorted({f.label for f, _ in items})), count, lines,
                tuple(goals) if mastery is not NO_MASTERY else None,
            )
        )
    summaries.sort(key=lambda c: c.name.casefold())
    # the pupils
    facts: dict[str, list[tuple[LessonFact, RunDigest, str]]] = {}
    for folder, d in runs:
        for index, (pid, *_) in enumerate(d.pupils):
            if not d.present[index]:
                continue
            person = persons.get(f"{folder.key}:{pid}")
            if person is None:
                continue
            fact = LessonFact(
                d.run_id, d.date, d.class_name, d.vak, d.titel,
                d.spoor[index] if d.spoor is not None else None,
                d.score[index], d.self_assessment[index], d.beheersing, d.ondersteuning, d.miniklas_s[index],
            )
            facts.setdefault(person.key, []).append((fact, d, pid))
    records = []
    unique = {p.key: p for p in persons.values()}
    for key, person in unique.items():
        own = facts.get(key, [])
        lesson_facts = [f for f, _, _ in own]
        signals = pupil_signals(person.key, person.name, lesson_facts, settings.thresholds)
        signals.extend(mastery.stuck(person, [(d, pid) for _, d, pid in own]))
        records.append(PupilRecord(person, tuple(lesson_facts), tuple(signals)))
    records.sort(key=lambda r: (normal(r.person.classes[0]) if r.person.classes else "", normal(r.person.name)))
    return SchoolReport(
        year, years, tuple(f for f, _, _ in per_folder), tuple(summaries), tuple(records), settings.thresholds,
        tuple(dict.fromkeys(problems)), tuple(link_suggestions(unique.values())), mastery is not NO_MASTERY,
    )

