"""One pupil across classes and teachers within a school year.

What the class files keep of a child is their name, class number, the id lesson-tui gave them
and, when the teacher's class list had one, the school's own id of the child (a stamboek or
Smartschool number: `klas/classimport.SCHOOL_ID_COLUMNS`; never a national id). lesson-tui's
id is made from the class's id and the child's full name (`klas/pupils.pupil_id`), and the
class's id from its name, so the same class list imported by two teachers gives the same ids.
A pupil is one when:

1. the same school id is in two teachers' folders (a child who changed class or teacher,
   whatever the name or class: the school's administration gave the number);
2. the same pupil id is in two teachers' folders (the same class list imported by both);
3. else the same full name in a class of the same name (spacing, accents and capitals aside);
4. or when the zorgcoördinator linked the two by hand (`SchoolSettings.links`).

Rules 2 and 3 never join two pupils whose school ids differ (two children of one name): the
school's number says they are two. A link by hand always joins.
A child who moved to another class without a school id keeps their name: the school view
suggests such pairs (`link_suggestions`) but never joins them itself (two children may share a
name). Each key is `<folder>:<pupil id>` (`node_key`); a pupil's key is the smallest of theirs.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field


def normal(text: str) -> str:
    """A name as compared: spacing, accents and capitals aside."""
    plain = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    return " ".join(plain.split()).casefold()


def node_key(folder: str, pupil_id: str) -> str:
    return f"{folder}:{pupil_id}"


@dataclass(frozen=True)
class Seen:
    """A pupil as one teacher's folder knows them."""

    folder: str
    pupil_id: str
    full_name: str
    class_name: str
    school_id: str = ""  # the school's own id of the child ("" when the class list had none)

    @property
    def key(self) -> str:
        return node_key(self.folder, self.pupil_id)


@dataclass
class Person:
    key: str
    name: str
    classes: list[str] = field(default_factory=list)
    seen: list[Seen] = field(default_factory=list)

    @property
    def keys(self) -> set[str]:
        return {s.key for s in self.seen}


class _Union:
    def __init__(self) -> None:
        self.parent: dict[str, str] = {}
        self.school_ids: dict[str, set[str]] = {}  # root -> the school ids of its members

    def add(self, key: str, school_id: str) -> None:
        self.find(key)
        if school_id:
            self.school_ids.setdefault(key, set()).add(school_id)

    def apart(self, a: str, b: str) -> bool:
        """Whether the school ids say the two are different children."""
        ids_a, ids_b = self.school_ids.get(self.find(a), set()), self.school_ids.get(self.find(b), set())
        return bool(ids_a) and bool(ids_b) and ids_a != ids_b

    def join_unless_apart(self, a: str, b: str) -> None:
        if not self.apart(a, b):
            self.join(a, b)

    def find(self, key: str) -> str:
        self.parent.setdefault(key, key)
        root = key
        while self.parent[root] != root:
            root = self.parent[root]
        while self.parent[key] != root:
            self.parent[key], key = root, self.parent[key]
        return root

    def join(self, a: str, b: str) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            low, high = min(ra, rb), max(ra, rb)
            self.parent[high] = low
            ids = self.school_ids.pop(high, set())
            if ids:
                self.school_ids.setdefault(low, set()).update(ids)


def people(seen: Iterable[Seen], links: Iterable[tuple[str, str]] = ()) -> dict[str, Person]:
    """Every pupil, by key of every folder's pupil (`Seen.key` -> the `Person`)."""
    union = _Union()
    by_school_id: dict[str, str] = {}
    by_id: dict[str, str] = {}
    by_name: dict[tuple[str, str], str] = {}
    items = sorted({s.key: s for s in seen}.values(), key=lambda s: s.key)
    for item in items:  # rule 1 first: the other rules see every school id
        school_id = normal(item.school_id)
        union.add(item.key, school_id)
        if school_id:
            union.join(by_school_id.setdefault(school_id, item.key), item.key)
    for item in items:
        union.join_unless_apart(by_id.setdefault(item.pupil_id, item.key), item.key)
    for item in items:
        named = by_name.setdefault((normal(item.full_name), normal(item.class_name)), item.key)
        union.join_unless_apart(named, item.key)
    known = {item.key for item in items}
    for a, b in links:
        if a in known and b in known:
            union.join(a, b)
    groups: dict[str, list[Seen]] = {}
    for item in items:
        groups.setdefault(union.find(item.key), []).append(item)
    found: dict[str, Person] = {}
    for root, members in groups.items():
        members.sort(key=lambda s: s.key)
        classes = sorted({m.class_name for m in members}, key=str.casefold)
        person = Person(root, members[0].full_name, classes, members)
        for member in members:
            found[member.key] = person
    return found


def link_suggestions(persons: Iterable[Person]) -> list[tuple[Person, Person]]:
    """Pairs with the same name in different classes: maybe one child who moved (to link by hand)."""
    by_name: dict[str, list[Person]] = {}
    for person in {p.key: p for p in persons}.values():
        by_name.setdefault(normal(person.name), []).append(person)
    pairs: list[tuple[Person, Person]] = []
    for same in by_name.values():
        same.sort(key=lambda p: p.key)
        pairs.extend((a, b) for i, a in enumerate(same) for b in same[i + 1 :] if not _apart(a, b))
    return pairs


def _apart(a: Person, b: Person) -> bool:
    """Two pupils whose school ids say they are two children: no suggestion to link."""
    ids_a = {normal(s.school_id) for s in a.seen if s.school_id}
    ids_b = {normal(s.school_id) for s in b.seen if s.school_id}
    return bool(ids_a) and bool(ids_b) and not ids_a & ids_b
