"""The one exception family the user sees as a single line (never a traceback)."""


class RjtuiError(Exception):
    """An expected problem, already worded for the user: what is wrong and the fix."""


class UsageError(RjtuiError):
    """A wrong argument (an unknown filter value, an ambiguous id): exit code 2."""
