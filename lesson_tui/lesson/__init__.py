"""A lesson as it happens: an append-only event log (events), its fold into state (runstate),
the recorder (run), several devices' writer files (writers), their untrusted contents
(untrusted), the miniklas and help queue in JIJ (jij).
"""
