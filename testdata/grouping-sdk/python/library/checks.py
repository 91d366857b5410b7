"""Validation helpers shared by the library's services."""


class LendingError(Exception):
    """A lending rule was broken."""


def _fail(message, **details):
    """Raises LendingError; callers describe what they refused."""
    if details:
        message += " (" + ", ".join(f"{k}={v}" for k, v in sorted(details.items())) + ")"
    raise LendingError(message)


def require(condition, message, **details):
    if not condition:
        _fail(message, **details)
