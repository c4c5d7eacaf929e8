from odoo import SUPERUSER_ID, api

from . import controllers
from . import models
from . import report
from . import wizard


def uninstall_hook(cr, registry):
    """Give back what livechat changed outside its own tables: the bus's
    commit-order trigger, and Odoo's mail.channel rule made global again, as
    mail made it (security/livechat_rules.xml gave it to every user's group)."""
    models.bus_bus.drop_commit_order(cr)
    rule = api.Environment(cr, SUPERUSER_ID, {}).ref('mail.mail_channel_rule',
                                                     raise_if_not_found=False)
    if rule:
        rule.groups = [(5, 0, 0)]
