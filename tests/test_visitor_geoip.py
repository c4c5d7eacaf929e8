"""Country rules on the real route: the visitor's country comes from a GeoIP
database (built here with mmdb_writer: the test server's client is 127.0.0.1)."""
import os
import shutil
import tempfile

from odoo import tools
from odoo.tests import common

from .visitor_common import VisitorApiCase


def write_country_database(path, network, iso_code):
    from mmdb_writer import MMDBWriter
    from netaddr import IPSet
    writer = MMDBWriter(ip_version=4, database_type='GeoIP2-Country')
    writer.insert_network(IPSet([network]), {'country': {'iso_code': iso_code}})
    writer.to_db_file(path)


@common.at_install(False)
@common.post_install(True)
class TestCountryRules(VisitorApiCase):

    def setUp(self):
        super().setUp()
        directory = tempfile.mkdtemp(prefix='livechat-geoip-')
        self.database = os.path.join(directory, 'countries.mmdb')
        write_country_database(self.database, '127.0.0.0/8', 'JP')
        self.addCleanup(shutil.rmtree, directory)
        previous = tools.config.get('geoip_database')
        self.addCleanup(tools.config.__setitem__, 'geoip_database', previous)
        tools.config['geoip_database'] = self.database
        japan = self.env.ref('base.jp')
        self.channel.write({'rule_ids': [
            (0, 0, {'sequence': 1, 'action': 'notify', 'url_regex': ''}),
            # a later sequence, but country rules come first
            (0, 0, {'sequence': 9, 'action': 'hide', 'url_regex': '/shop',
                    'country_ids': [(6, 0, japan.ids)]}),
        ]})
        self.init_url = '/livechat/init?channel=%d&url=%%s' % self.channel.id

    def action(self, url):
        status, body = self.api(self.init_url % url)
        self.assertEqual(status, 200, body)
        return body['action']

    def test_country_rule_comes_first(self):
        self.assertEqual(self.action('https://s.test/shop/tea'), 'hide')

    def test_country_rule_still_needs_its_url(self):
        self.assertEqual(self.action('https://s.test/about'), 'notify')

    def test_other_country_gets_the_general_rule(self):
        france = os.path.join(os.path.dirname(self.database), 'france.mmdb')
        write_country_database(france, '127.0.0.0/8', 'FR')
        tools.config['geoip_database'] = france
        self.assertEqual(self.action('https://s.test/shop/tea'), 'notify')

    def test_no_database_no_country(self):
        tools.config['geoip_database'] = os.path.join(os.path.dirname(self.database), 'none.mmdb')
        self.assertEqual(self.action('https://s.test/shop/tea'), 'notify')

    def test_session_keeps_the_visitor_country(self):
        body = self.start(name='Kenji', url='https://s.test/about')
        session = self.env['mail.channel'].browse(body['session'])
        self.assertEqual(session.visitor_country_id, self.env.ref('base.jp'))
