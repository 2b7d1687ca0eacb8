"""Errors of the domain. Their message is Russian and meant for the user who caused them."""


class DomainError(Exception):
    """An operation refused: the view shows ``str(error)`` and writes nothing."""

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.field = field  # the form field the message belongs next to, when there is one
