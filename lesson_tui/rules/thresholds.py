"""The plan's default drempels: where a score puts a pupil in spoor 1 (beheersing) or in the
miniklas (below ondersteuning), and how many pupils the miniklas is meant for (miniklas_max).

A lesson plan's `[drempels]` may set its own; the plan, its schema, its checks, the groups
rule and the sporen rule (`sporen.py`) all read these when it does not. They live apart from
the sporen rule so that reading a lesson plan (at every start, for the home screen's list)
does not build the sporen rule's classes.
"""

from __future__ import annotations

DEFAULT_BEHEERSING = 0.8
DEFAULT_ONDERSTEUNING = 0.5
DEFAULT_MINIKLAS_MAX = 6
