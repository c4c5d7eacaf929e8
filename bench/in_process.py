"""Odoo in the bench script's own process, on the project's configuration: for
the scripts that fill or measure a bench database through the ORM."""
import contextlib
import os
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, 'runtime'))
import odoo_compat  # noqa: E402  (must precede odoo)
import odoo  # noqa: E402

odoo_compat.patch_safe_eval()  # record rules and alias defaults are evaluated


@contextlib.contextmanager
def environment(database):
    """A superuser environment on ``database``; committed at the end unless the
    caller rolled back or raised."""
    odoo.tools.config.parse_config(['-c', os.path.join(ROOT, '.run', 'odoo.conf'),
                                    '--log-level=warn'])
    with odoo.api.Environment.manage(), odoo.registry(database).cursor() as cr:
        yield odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
