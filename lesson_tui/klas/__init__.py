"""The class and its pupils: the model and class lists as teachers have them (classlist),
typing a class number (numbers).
"""
