"""The Textual front end: presents the core and forwards the teacher's keys."""
