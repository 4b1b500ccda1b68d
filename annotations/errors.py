"""Errors a user can cause, each shown as one clear line by the interfaces."""


class CasereaderError(Exception):
    """Base for every error that reaches the user as a single line."""


class CorpusError(CasereaderError):
    """A corpus path is missing, unreadable or holds no documents."""
