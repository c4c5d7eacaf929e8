"""A session's triage status, as a plain function."""


def session_status(help_wanted, waiting):
    """The status from the Looking for Help flag (its one truth) and whether
    the last message was the operator's (``waiting`` for the customer)."""
    return 'help' if help_wanted else 'waiting' if waiting else 'in_progress'
