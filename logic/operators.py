"""Who answers a new chat."""
from collections import namedtuple

Candidate = namedtuple('Candidate', 'user_id load max_chats')
Pick = namedtuple('Pick', 'user_id reason')


def pick_operator(candidates, previous_operator_id=None):
    """Choose among available operators (``Candidate``: open sessions now and
    maximum). Never above an operator's maximum; the visitor's previous operator
    first; else the least busy (ties: the lowest user id, for repeatable tests).
    Returns a ``Pick`` or None when everybody is at maximum or nobody is there.
    """
    free = [c for c in candidates if c.load < c.max_chats]
    if not free:
        return None
    for candidate in free:
        if previous_operator_id and candidate.user_id == previous_operator_id:
            return Pick(candidate.user_id, 'previous_operator')
    best = min(free, key=lambda c: (c.load, c.user_id))
    return Pick(best.user_id, 'least_busy')
