"""The school view (`lesson-tui school`): the zorgcoördinator's read-only view of every
teacher's synced data folder, for the zorgoverleg. See `view.py`."""
