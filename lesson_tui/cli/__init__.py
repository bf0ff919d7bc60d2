"""The command line: argument parsing (main), what every command is given (config), the
commands (commands).
"""
