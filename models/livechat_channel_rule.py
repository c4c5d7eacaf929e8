from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

from ..logic.rules import url_regex_error

RULE_ACTIONS = [
    ('show', 'Show'),
    ('notify', 'Show with notification'),
    ('auto_open', 'Open automatically'),
    ('hide', 'Hide'),
]


class LivechatChannelRule(models.Model):
    """Where and how the chat button shows: first match wins, rules with the
    visitor's country before rules without country, then by sequence."""
    _name = 'livechat.channel.rule'
    _description = 'Live Chat Channel Rule'
    _order = 'sequence, id'
    _inherit = ['livechat.cached.configuration']  # page views cache the rules

    channel_id = fields.Many2one('livechat.channel', required=True, ondelete='cascade',
                                 index=True)
    sequence = fields.Integer(default=10)
    action = fields.Selection(RULE_ACTIONS, string='Livechat Button', required=True,
                              default='show')
    auto_open_delay = fields.Integer('Open automatically timer', default=0,
                                     help='Seconds before the chat window opens by itself.')
    url_regex = fields.Char('URL Regex',
                            help='Regular expression searched in the page URL; empty '
                                 'matches every page.')
    country_ids = fields.Many2many('res.country', string='Countries',
                                   help='Only for visitors from these countries (needs a '
                                        'GeoIP database); empty means every country.')

    @api.constrains('url_regex')
    def _check_url_regex(self):
        for rule in self.filtered('url_regex'):
            error = url_regex_error(rule.url_regex)
            if error:
                raise ValidationError(_(
                    'The URL regex "%(regex)s" cannot be used: %(error)s. Rules are matched '
                    'with RE2, which has no backreferences or lookarounds, so that no page '
                    'address can make matching slow.') % {'regex': rule.url_regex, 'error': error})

    @api.constrains('auto_open_delay')
    def _check_auto_open_delay(self):
        if any(rule.auto_open_delay < 0 for rule in self):
            raise ValidationError(_('The open automatically timer cannot be negative.'))
