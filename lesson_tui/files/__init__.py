"""The disk: crash-safe atomic writes of private files (storage) and OS locks (lock). Knows no
lesson, class or pupil.
"""
