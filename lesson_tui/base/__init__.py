"""What every layer may use: the texts in two languages (i18n), the lesson clock, OS errors in
words. Imports nothing of ours.
"""
