"""The data folder: classes, runs and their index, settings per class, following a run read-
only (follow).
"""
