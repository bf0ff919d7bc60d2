"""Looking back: the lesson as it went, attention per pupil over a period, the kijkwijzer.

Read-models over recorded runs (no Textual): between the session, which may use them (the
picker's "least asked this week"), and the store, which they read runs from.
"""
