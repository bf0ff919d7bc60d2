"""Every screen's keys, in one table: the footer, `?` and the bindings all come from here.

A row is either a binding (an action) or a typed key the screen handles itself (a class
number, a mark letter): those have no action and appear only on `?`. Descriptions are
catalogue keys, translated when a screen is built (`bindings_for`), never at import, so the
language chosen on the command line is the language of every footer.

The mark letters stay the same in English (j h f a = juist half fout afwezig): they are the
words on the teacher's sheets and in the README; `?` says so in English.
"""

from __future__ import annotations

from dataclasses import dataclass

from textual.binding import Binding, BindingsMap

from lesson_tui.base.i18n import t


@dataclass(frozen=True)
class Key:
    keys: str  # Textual key names ("n", "f,escape"), or what to type ("12 f") for a typed key
    text: str  # catalogue key under [keys]: the short label (footer) and the help line
    action: str | None = None  # None: typed, handled by the screen, shown only on `?`
    show: bool = True  # shown in the footer (a few per screen, so it never cuts a word)
    priority: bool = False

    @property
    def typed(self) -> bool:
        return self.action is None


HELP = Key("question_mark", "help", "help")
QUIT = Key("q", "quit", "app.quit_app", priority=True)  # the lesson stays saved
# klasveilig on or off, on every screen of a lesson (and home): a teacher who projects FLEX
# or the sporen hides the results there and then; in the footer only where there is room
KLASVEILIG = Key("k", "klasveilig", "klasveilig", show=False)

KEYMAPS: dict[str, tuple[Key, ...]] = {
    "home": (
        Key("enter", "home_enter"),
        Key("n", "home_new", "new_lesson"),
        Key("c", "home_copy", "copy_lesson", show=False),
        Key("w", "home_edit", "edit_lesson"),
        Key("s", "home_quick", "quick_lesson"),
        Key("z", "home_seating", "seating", show=False),
        Key("slash", "home_search", "search", show=False),
        Key("v", "home_subject", "next_subject", show=False),
        Key("a", "home_archive", "archive_lesson", show=False),
        Key("x", "home_close", "close_unfinished", show=False),
        Key("h", "home_history", "history"),
        Key("d", "home_goals", "goals", show=False),
        Key("r", "home_kijkwijzer", "kijkwijzer", show=False),
        Key("m", "home_folder", "add_folder", show=False),
        Key("i", "home_import", "import_class", show=False),
        Key("l", "home_pupils", "pupils", show=False),
        KLASVEILIG,
        HELP,
        Key("q", "quit", "app.quit_app", priority=True),
    ),
    "lesson": (
        Key("n", "next", "next_phase"),
        Key("N", "previous", "previous_phase", show=False),
        Key("space", "pause", "pause"),
        Key("plus", "plus", "adjust(1)", show=False),
        Key("minus", "minus", "adjust(-1)", show=False),
        Key("c", "cfu", "cfu"),
        Key("r", "pick", "pick"),
        Key("g", "groups", "groups", show=False),
        Key("s", "sporen", "sporen", show=False),
        Key("f", "flex", "flex", show=False),
        Key("p", "attendance", "attendance", show=False),
        Key("b", "board", "board", show=False),
        Key("e", "export", "export", show=False),
        Key("k", "klasveilig", "klasveilig"),  # shown in the footer here
        Key("o", "show_notes", "show_notes", show=False),
        Key("x", "discard_round", "discard_round", show=False),
        Key("ctrl+p", "palette", show=False),
        HELP,
        QUIT,
    ),
    "cfu": (
        Key("12 f", "cfu_number"),
        Key("← ↑ → ↓", "cfu_arrows"),
        Key("j h f a", "cfu_letters"),
        Key("u", "undo", "undo"),
        Key("t", "think", "think"),
        Key("z", "cfu_room", "room", show=False),
        Key("enter", "cfu_done", "enter"),
        Key("escape", "back", "escape", show=False),
        KLASVEILIG,
        HELP,
    ),
    "picker": (
        Key("r", "pick_again", "pick"),
        Key("j", "mark_juist", "result('juist')"),
        Key("h", "mark_half", "result('half')", show=False),
        Key("f", "mark_fout", "result('fout')"),
        Key("p", "mark_pas", "result('pas')"),
        Key("u", "undo", "undo", show=False),
        Key("t", "jar_mode", "mode", show=False),
        Key("w", "least_asked", "least_asked", show=False),
        Key("escape,enter", "back", "close"),
        KLASVEILIG,
        HELP,
    ),
    "attendance": (
        Key("12 a", "attendance_absent"),
        Key("12 {present}", "attendance_present"),
        Key("space", "toggle", "toggle"),
        Key("enter", "confirm", "confirm"),
        Key("escape", "back", "cancel"),
        KLASVEILIG,
        HELP,
    ),
    "sporen": (
        Key("g 14 3", "sporen_goto"),
        Key("↑ ↓  1 2 3", "sporen_set"),
        Key("0", "sporen_zero"),
        Key("g", "goto", "goto"),
        Key("z", "self", "self_assessment"),
        Key("v", "voluntary", "voluntary", show=False),
        Key("b", "board", "board", show=False),
        Key("enter", "sporen_confirm", "confirm"),
        Key("escape", "back", "back", show=False),
        KLASVEILIG,
        HELP,
        QUIT,
    ),
    "self": (
        Key("12 c", "self_number"),
        Key("a b c", "self_letters"),
        Key("u", "undo", "undo"),
        Key("enter", "self_done", "done"),
        Key("escape", "back", "done", show=False),
        KLASVEILIG,
        HELP,
    ),
    "flex": (
        Key("7 v", "flex_leave"),
        Key("12 h", "flex_help_add"),
        Key("space", "flex_help_next", "help_next"),
        Key("t", "flex_timer", "miniklas_timer"),
        Key("plus", "plus", "miniklas_adjust(1)", show=False),
        Key("minus", "minus", "miniklas_adjust(-1)", show=False),
        Key("c", "flex_check", "miniklas_check"),
        Key("d", "flex_device", "second_device", show=False),
        Key("e", "flex_export", "export", show=False),
        Key("b", "board", "board", show=False),
        Key("n", "next", "next_phase", show=False),
        Key("f,escape", "back", "close"),
        KLASVEILIG,
        HELP,
        QUIT,
    ),
    "board": (
        Key("b,escape", "back", "close"),
        Key("n", "next", "next_phase", show=False),
        Key("space", "pause", "pause", show=False),
        Key("t", "board_theme", "board_theme", show=False),
        KLASVEILIG,
        Key("q", "quit", "app.quit_app", show=False, priority=True),
    ),
    "split_board": (Key("b,escape", "back", "close"), KLASVEILIG),
    "class_board": (
        Key("g", "board_sound", "sound"),
        Key("t", "board_theme", "board_theme"),
        Key("q", "quit", "quit", priority=True),
    ),
    "closing": (
        Key("tab", "closing_tab"),
        Key("ctrl+s", "closing_close", "close_lesson", priority=True),
        Key("f2", "closing_review", "review", priority=True),
        Key("escape", "back", "back"),
        Key("f1", "help", "help"),
    ),
    "history": (
        Key("v", "history_subject", "next_subject"),
        Key("l", "history_next", "show_next"),
        Key("e", "history_export", "export"),
        Key("enter", "history_lesson"),
        Key("a", "history_attention", "attention", show=False),
        Key("k", "klasveilig", "klasveilig"),
        Key("escape,h", "back", "back"),
        HELP,
    ),
    # the teacher looks back (#22): the lesson page, the attention overview, the kijkwijzer
    "reflect_lesson": (
        Key("e", "reflect_export", "export"),
        Key("escape", "back", "back"),
        Key("k", "klasveilig", "klasveilig"),
        HELP,
    ),
    "attention": (
        Key("p", "period_prev", "previous_period"),
        Key("n", "period_next", "next_period"),
        Key("e", "reflect_export", "export"),
        Key("escape", "back", "back"),
        Key("k", "klasveilig", "klasveilig", show=False),
        HELP,
    ),
    "kijkwijzer": (
        Key("1 .. 5", "kijk_score"),
        Key("enter", "kijk_edit"),
        Key("f", "kijk_focus", "focus_item"),
        Key("p", "period_prev", "previous_period"),
        Key("n", "period_next", "next_period", show=False),
        Key("e", "reflect_export", "export"),
        Key("escape", "back", "back"),
        Key("k", "klasveilig", "klasveilig", show=False),
        HELP,
    ),
    # the goal grid (goals.py): a goal's column, a pupil's row, who is vastgelopen
    "goals": (
        Key("enter", "goals_enter"),
        Key("d", "goals_goal", "open_goal"),
        Key("l", "goals_pupil", "open_pupil"),
        Key("v", "goals_stuck", "stuck"),
        Key("r", "goals_herhaal", "herhaalles"),
        KLASVEILIG,
        Key("escape", "back", "back"),
        HELP,
    ),
    "goal_detail": (
        Key("k", "klasveilig", "klasveilig"),
        Key("escape", "back", "back"),
        HELP,
    ),
    "export": (
        Key("enter", "export_write"),
        Key("o", "export_open", "open_file"),
        KLASVEILIG,
        Key("escape", "back", "close"),
    ),
    "folder": (
        Key("delete", "folder_forget", "forget"),
        Key("escape", "back", "cancel"),
    ),
    "new_lesson": (Key("escape", "back", "cancel"),),
    # classes in the app: import a class list, the pupils of a class
    "class_import": (
        Key("enter", "classimport_enter"),
        Key("ctrl+s", "classimport_confirm", "confirm", priority=True),
        Key("ctrl+o", "classimport_order", "name_order", priority=True),
        Key("escape", "back", "back"),
    ),
    "pupils": (
        Key("n", "pupils_add", "add"),
        Key("r", "pupils_rename", "rename"),
        Key("enter", "pupils_enter"),
        Key("x,delete", "pupils_archive", "archive"),
        Key("escape", "back", "back"),
        HELP,
    ),
    "pupil_form": (
        Key("enter", "pupil_form_save"),
        Key("escape", "back", "cancel"),
    ),
    "seating": (
        Key("12", "seating_place"),
        Key("up", "seating_up", "move(-1,0)", show=False),
        Key("down", "seating_down", "move(1,0)", show=False),
        Key("left", "seating_left", "move(0,-1)", show=False),
        Key("right", "seating_right", "move(0,1)", show=False),
        Key("r", "seating_shuffle", "shuffle"),
        Key("v", "seating_front", "front"),
        Key("x", "seating_desk", "toggle_desk", show=False),
        Key("b", "seating_board", "board_side", show=False),
        Key("plus", "seating_row_add", "resize(1,0)", show=False),
        Key("minus", "seating_row_remove", "resize(-1,0)", show=False),
        Key("greater_than_sign", "seating_col_add", "resize(0,1)", show=False),
        Key("less_than_sign", "seating_col_remove", "resize(0,-1)", show=False),
        Key("enter", "seating_save", "save"),
        Key("escape", "back", "leave"),
        HELP,
    ),
    "groups": (
        Key("enter", "groups_accept", "accept"),
        Key("r", "groups_reroll", "reroll"),
        Key("m", "groups_mode", "next_mode"),
        Key("t", "groups_size", "next_size"),
        Key("12 w", "groups_swap"),
        Key("12 x", "groups_apart"),
        Key("escape", "back", "cancel"),
        KLASVEILIG,
        HELP,
    ),
    "device": (Key("escape,d,enter", "back", "close"), KLASVEILIG),
    "quick": (
        Key("ctrl+s", "home_quick", "start", priority=True),
        Key("escape", "back", "cancel"),
    ),
    "editor": (
        Key("ctrl+s", "editor_save", "save", priority=True),
        Key("f2", "editor_general", "tab(0)"),
        Key("f3", "editor_phases", "tab(1)"),
        Key("f4", "editor_sporen", "tab(2)", show=False),
        Key("f5", "editor_text", "tab(3)", show=False),
        Key("ctrl+n", "editor_add_phase", "add_phase", show=False),
        Key("ctrl+o", "editor_take_goal", "take_goal", show=False),
        Key("delete", "editor_delete_phase", "delete_phase", show=False),
        Key("shift+up", "editor_up", "move_phase(-1)", show=False),
        Key("shift+down", "editor_down", "move_phase(1)", show=False),
        Key("escape", "editor_leave", "leave"),
        Key("f1", "help", "help"),
    ),
    "help": (Key("escape,question_mark,q,enter", "back", "close"),),
    # the school view (screens/school.py): read-only, for the zorgcoördinator
    "school": (
        Key("enter", "school_pupil", "open_pupil"),
        Key("tab", "school_switch", "switch"),
        Key("r", "school_refresh", "refresh"),
        HELP,
        Key("q", "quit", "quit", priority=True),
    ),
    "school_pupil": (
        Key("escape", "back", "back"),
        HELP,
        Key("q", "quit", "app.quit", priority=True),
    ),
    # two versions of a lesson (versions.py): keep this one, the copy, or both
    "versions": (
        Key("1", "versions_this", "keep('this')"),
        Key("2", "versions_other", "keep('other')"),
        Key("3", "versions_both", "keep('both')"),
        Key("escape", "versions_back", "back"),
    ),
    # a yes/no question (confirm.py): the yes key is the teacher's word, j(a) or y(es)
    "confirm_nl": (Key("j", "confirm_yes", "yes"), Key("n,escape", "confirm_no", "no")),
    "confirm_en": (Key("y", "confirm_yes", "yes"), Key("n,escape", "confirm_no", "no")),
}


# Screens that open other screens with one letter and have no text field. Their bindings
# are priority bindings: the app runs them the moment the key arrives, in the order typed,
# so the keys typed behind `c` (in one burst: tmux, a remote desktop, a fast typist) go to
# the check round that `c` opened, not to the screen below it.
OPENS_SCREENS = frozenset({"lesson", "flex"})


def key_label(key: Key) -> str:
    """How a key is written for the teacher ('spatie', 'enter', '12 f')."""
    if key.typed:
        # the attendance letter is the teacher's word: j(aanwezig) in Dutch, p(resent) in English
        return key.keys.format(present=t("ui.attendance_present_key"))
    names = []
    for name in key.keys.split(","):
        names.append(
            {
                "space": t("keys.name_space"),
                "question_mark": "?",
                "plus": "+",
                "minus": "-",
                "escape": "esc",
                "slash": "/",
                "greater_than_sign": ">",
                "less_than_sign": "<",
                "up": "↑",
                "down": "↓",
                "left": "←",
                "right": "→",
                "shift+up": "shift+↑",
                "shift+down": "shift+↓",
            }.get(name, name)
        )
    return " / ".join(names)


def bindings_for(screen: str) -> BindingsMap:
    """The screen's bindings, described in the current language."""
    bindings = []
    for key in KEYMAPS[screen]:
        if key.typed:
            continue
        for name in key.keys.split(","):
            display = key_label(Key(name, key.text, key.action)) if name in ("space", "question_mark") else None
            bindings.append(
                Binding(
                    name,
                    key.action,
                    t(f"keys.{key.text}"),
                    show=key.show and name == key.keys.split(",")[0],
                    key_display=display,
                    priority=key.priority or screen in OPENS_SCREENS,
                    id=f"{screen}.{key.text}.{name}",
                )
            )
    return BindingsMap(bindings)


def help_rows(screen: str) -> list[tuple[str, str]]:
    """(key, what it does) for `?`: the long description where there is one."""
    rows = []
    for key in KEYMAPS[screen]:
        long = t(f"keyhelp.{key.text}")
        rows.append((key_label(key), long if not long.startswith("keyhelp.") else t(f"keys.{key.text}")))
    return rows


def redeliver_stale_key(app, event, screen) -> bool:
    """Textual hands every key to the screen on top the moment it arrives; a burst
    `enter p 2 4 a` is handed whole to the check round before `enter` closes it. A key that
    reaches a screen no longer on top is posted to the app again, in order, and so reaches
    the screen the teacher now sees. True when the key was handed on."""
    from textual import events

    if screen is None or app.screen is screen:
        return False
    event.stop()
    event.prevent_default()
    app.post_message(events.Key(event.key, event.character))
    return True
