from odoo import SUPERUSER_ID, api

from . import controllers
from . import models


def uninstall_hook(cr, registry):
    """Odoo's mail.channel rule back to global, as mail made it
    (security/livechat_rules.xml gave it to every user's group)."""
    rule = api.Environment(cr, SUPERUSER_ID, {}).ref('mail.mail_channel_rule',
                                                     raise_if_not_found=False)
    if rule:
        rule.groups = [(5, 0, 0)]
