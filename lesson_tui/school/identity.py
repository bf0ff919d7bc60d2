"""One pupil across classes and teachers within a school year.

What the class files keep of a child is their name, class number and the id lesson-tui gave
them: the class import keeps no id of the school's own (no Smartschool or stamboek number:
`klas/classimport.py` reads the name columns and the class number only). That id is made from
the class's id and the child's full name (`klas/pupils.pupil_id`), and the class's id from its
name, so the same class list imported by two teachers gives the same ids. A pupil is one when:

1. the same pupil id is in two teachers' folders (the same class list imported by both);
2. else the same full name in a class of the same name (spacing, accents and capitals aside);
3. or when the zorgcoördinator linked the two by hand (`SchoolSettings.links`).

A child who moved to another class keeps their name: the school view suggests such pairs
(`link_suggestions`) but never joins them itself (two children may share a name).
Each key is `<folder>:<pupil id>` (`node_key`); a pupil's key is the smallest of theirs.
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
            self.parent[max(ra, rb)] = min(ra, rb)


def people(seen: Iterable[Seen], links: Iterable[tuple[str, str]] = ()) -> dict[str, Person]:
    """Every pupil, by key of every folder's pupil (`Seen.key` -> the `Person`)."""
    union = _Union()
    by_id: dict[str, str] = {}
    by_name: dict[tuple[str, str], str] = {}
    items = list({s.key: s for s in seen}.values())
    for item in items:
        union.find(item.key)
        first = by_id.setdefault(item.pupil_id, item.key)
        union.join(first, item.key)
        named = by_name.setdefault((normal(item.full_name), normal(item.class_name)), item.key)
        union.join(named, item.key)
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
        pairs.extend((a, b) for i, a in enumerate(same) for b in same[i + 1 :])
    return pairs
