"""Date and time formats where Django's own do not fit a European portal (FORMAT_MODULE_PATH).

Every language shows the 24-hour clock and the day before the month. Django's German, Dutch and
French formats already do; its English ones are American (month first, "p.m.") and its Estonian
ones lack the date-and-time formats, which then fall back to the American default. A setting
not named here comes from Django's module for the language.
"""
