"""Exports of a lesson for the teacher and the school: the document and its renderers (csv, md,
json, html), the QR code, the pre-teaching list.
"""
