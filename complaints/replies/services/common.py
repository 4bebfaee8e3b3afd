from __future__ import annotations


class RepliesError(Exception):
    """A request the rules do not allow; the message is shown to the person who asked."""
