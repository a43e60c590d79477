"""The one exception family users see as a single line (CLI: exit 1; TUI: a notification)."""


class CallbackSimError(Exception):
    """A problem with the user's input or files; `str(err)` is one line naming the thing."""


class BankError(CallbackSimError):
    """A bank file that cannot be used; the message starts with `path:line:`."""


class NotFoundError(CallbackSimError):
    """An unknown bank, question, session or company id."""
