"""models/bus_bus.py answers every poll exactly as Odoo's own bus.poll."""
from odoo.tests import common

from odoo.addons.bus.models.bus import ImBus


class TestBusPoll(common.TransactionCase):

    def setUp(self):
        super().setUp()
        self.bus = self.env['bus.bus']
        db = self.cr.dbname
        self.channels = [(db, 'livechat.test', 1), (db, 'livechat.test', 2), 'a-uuid']
        self.bus.sendmany([[self.channels[0], {'n': 1}], [self.channels[1], {'n': 2}],
                           [self.channels[2], 'plain text'], [(db, 'elsewhere', 3), {'n': 4}]])
        # one row older than Odoo's 50 s window (the ORM does not write create_date)
        self.cr.execute("UPDATE bus_bus SET create_date = '2000-01-01' WHERE id = %s",
                        [self.bus.search([('channel', 'like', 'livechat.test')], limit=1).id])

    def odoo_poll(self, *args, **kwargs):
        return ImBus.poll(self.bus, *args, **kwargs)  # Odoo's own method, not ours

    def test_same_answer_as_odoo(self):
        first = self.bus.search([], order='id desc', limit=4).sorted('id')[0].id
        presence = {'bus_presence_partner_ids': self.env.user.partner_id.ids}
        for args, kwargs in [
                ((self.channels, 0), {}),
                ((self.channels, first - 1), {}),
                ((self.channels, first), {'options': presence}),
                ((self.channels[2:], first + 10 ** 6), {'options': presence}),
                ((self.channels[2:], first + 10 ** 6), {'options': presence, 'force_status': True}),
                (([], 0), {'options': presence, 'force_status': True})]:
            ours = self.bus.poll(*args, **kwargs)
            self.assertEqual(ours, self.odoo_poll(*args, **kwargs), (args, kwargs))
        self.assertEqual([n['message'] for n in self.bus.poll(self.channels, first - 1)],
                         [{'n': 1}, {'n': 2}, 'plain text'])
        self.assertEqual(len(self.bus.poll(self.channels, 0)), 2)  # the old row left out
