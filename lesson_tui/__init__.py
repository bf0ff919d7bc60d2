"""lesson-tui: conduct an EDI lesson live in the terminal.

The package is split in two: this headless core (lesson plans, class lists, the lesson run
and its rules, storage, export), which never imports textual, and `lesson_tui.tui`, which
only presents the core and forwards the teacher's keys.
"""

__version__ = "0.1.0"
