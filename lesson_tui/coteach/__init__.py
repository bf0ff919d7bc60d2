"""The co-teacher's page: a token-guarded local web server for the co-teacher's phone (server)
and the marker that says one is running (marker).
"""
