"""What the front ends act through and read: what follows what in a lesson (session:
LessonSession, Step), what the class board shows (board), a class's history (history).
"""
