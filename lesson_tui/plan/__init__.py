"""The lesson plan: reading and checking lesson files (lessonplan, lessonschema, problems) and
editing them without losing a teacher's layout (lessonedit).
"""
