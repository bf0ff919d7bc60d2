from __future__ import annotations

import random

from lesson_tui.classlist import parse_class_csv
from lesson_tui.tui.app import make_app


def class_of(store, name: str, size: int):
    rows = "naam\n" + "".join(f"Leerling{n:02d} Achternaam\n" for n in range(1, size + 1))
    return store.import_class(name, parse_class_csv(rows.encode())).school_class


def app_for(store, library, clock, *, lang="nl", school_class=None, plan=None):
    return make_app(
        store=store,
        library=library,
        lang=lang,
        clock=clock,
        rng=random.Random(3),
        school_class=school_class,
        plan=plan,
        tick_seconds=0.05,
    )
