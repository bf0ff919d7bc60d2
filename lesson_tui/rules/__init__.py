"""The rules of the classroom, pure: the sporen and the miniklas (sporen, with its default
thresholds in thresholds), a check round's marks (cfu), duos and groups (groups), the
seating plan (seating), beurtstokjes (picker), timers (timing). No files, no screens.
"""
