"""The queue (a channel option): when every connected operator is at their
maximum, a visitor's first message waits for the next free operator, with the
visitor's place shown, instead of the offline form.

A waiting widget holds a ticket (``<id>.<token>``, as a session's secret) and
asks /livechat/queue every few seconds. A ticket not asked about for
ALIVE_SECONDS (its tab closed) holds no place. Places are let in in ticket
order, as many at a time as the operators have free chats; a visitor without a
ticket comes after every live one."""
import datetime

from odoo import fields, models

from ..logic.tokens import hash_token, make_secret, new_token, parse_secret, token_matches

ALIVE_SECONDS = 20  # the widget asks every 5 s (static/src/widget/window.js)
# an operator's load counts the chats in which the visitor wrote; one let in from the queue
# counts from its start, for this long at most (its widget writes at once): the next place is
# not let in meanwhile, and a visitor who never writes holds the operator no longer
STARTING_SECONDS = 60
FORGOTTEN_SECONDS = 3600  # dead tickets are deleted when a visitor joins after that


class LivechatQueueTicket(models.Model):
    _name = 'livechat.queue.ticket'
    _description = 'Live Chat Queue Ticket'
    _order = 'id'
    _log_access = False

    channel_id = fields.Many2one('livechat.channel', required=True, ondelete='cascade',
                                 index=True)
    token_hash = fields.Char(required=True)
    seen_at = fields.Datetime(required=True)

    def _still_here(self):
        """The widget asked: the ticket keeps its place."""
        self.sudo().write({'seen_at': fields.Datetime.now()})


def _ago(seconds):
    return fields.Datetime.to_string(datetime.datetime.utcnow()
                                     - datetime.timedelta(seconds=seconds))


def _alive():
    """The domain term of the tickets that hold a place."""
    return ('seen_at', '>=', _ago(ALIVE_SECONDS))


class LivechatChannel(models.Model):
    _inherit = 'livechat.channel'

    queue_when_busy = fields.Boolean(
        help='When every connected operator is at their maximum of chats, a visitor waits '
             'for the next free one and sees their place in the queue, instead of the '
             'offline form.')
    queue_waiting_count = fields.Integer(
        'Waiting in the Queue', compute='_compute_queue_waiting_count',
        help='Visitors waiting now for a free operator.')

    def _compute_queue_waiting_count(self):
        # one grouped count for the whole kanban, not one per card
        ids = [id_ for id_ in self.ids if isinstance(id_, int)]
        groups = self.env['livechat.queue.ticket'].sudo().read_group(
            [('channel_id', 'in', ids), _alive()],
            ['channel_id'], ['channel_id'])
        counts = {group['channel_id'][0]: group['channel_id_count'] for group in groups}
        for channel in self:
            channel.queue_waiting_count = counts.get(channel.id, 0)

    def _public_options(self):
        options = super()._public_options()
        if self.queue_when_busy:
            options['queue'] = True
        return options

    def _takes_chats(self, options):
        # busy operators, with a queue: the visitor may write, and waits for the next
        if options.get('queue'):
            return bool(self._operator_loads())
        return super()._takes_chats(options)

    def _queue_open(self):
        """Whether a visitor may wait now: the channel has a queue, is within
        its hours, and has operators connected."""
        self.ensure_one()
        return self.queue_when_busy and self._open_now(self.id) and bool(self._operator_loads())

    def _queue_join(self):
        """A new ticket at the end of the queue: its secret."""
        self.ensure_one()
        tickets = self.env['livechat.queue.ticket'].sudo()
        tickets.search([('channel_id', '=', self.id),
                        ('seen_at', '<', _ago(FORGOTTEN_SECONDS))]).unlink()
        token = new_token()
        ticket = tickets.create({'channel_id': self.id, 'token_hash': hash_token(token),
                                 'seen_at': fields.Datetime.now()})
        return make_secret(ticket.id, token)

    def _queue_ticket(self, secret):
        """The ticket of this channel that ``secret`` names (empty if none)."""
        self.ensure_one()
        parsed = parse_secret(secret) if isinstance(secret, str) else None
        ticket = self.env['livechat.queue.ticket'].sudo().browse(parsed and parsed[0]).exists()
        if not (ticket and ticket.channel_id == self and token_matches(parsed[1],
                                                                      ticket.token_hash)):
            return ticket.browse()
        return ticket

    def _queue_ahead(self, ticket):
        """How many live tickets come before ``ticket`` (all of them for none)."""
        self.ensure_one()
        domain = [('channel_id', '=', self.id), _alive()]
        if ticket:
            domain.append(('id', '<', ticket.id))
        return self.env['livechat.queue.ticket'].sudo().search_count(domain)

    def _queue_free_chats(self):
        """The chats the connected operators can still take."""
        starting = self.env['mail.channel'].sudo().search_count([
            ('chat_channel_id', '=', self.id), ('livechat_from_queue', '=', True),
            ('livechat_state', '=', 'open'), ('livechat_first_visitor_at', '=', False),
            ('livechat_started_at', '>=', _ago(STARTING_SECONDS))])
        return sum(max(max_chats - load, 0)
                   for _user, max_chats, load, _connected in self._operator_loads()) - starting

    def _queue_lets_in(self, ticket):
        """Whether the holder of ``ticket`` (or a visitor without one) may start
        a chat now: fewer live tickets before it than free chats."""
        return not self.queue_when_busy or self._queue_ahead(ticket) < self._queue_free_chats()


class MailChannel(models.Model):
    _inherit = 'mail.channel'

    livechat_from_queue = fields.Boolean('Waited in the Queue', readonly=True, copy=False)
