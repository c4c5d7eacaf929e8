"""How this module changes Odoo's classes: each method wrapped once, however
often it is asked (a wrapper around a wrapper would wait or widen twice)."""
import functools


def wrap(owner, name, make_wrapper):
    """``owner.name = make_wrapper(owner.name)``, unless done already."""
    current = getattr(owner, name)
    if not getattr(current, 'server_tuning', False):
        wrapped = make_wrapper(current)
        wrapped.server_tuning = True
        setattr(owner, name, wrapped)


def followed_by(after):
    """A ``make_wrapper``: the method, then ``after()``, whatever it did."""
    def make_wrapper(method):
        @functools.wraps(method)
        def wrapper(self, *args, **kwargs):
            try:
                return method(self, *args, **kwargs)
            finally:
                after()
        return wrapper
    return make_wrapper
