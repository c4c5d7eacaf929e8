"""listen_queue.py: a prefork server's socket takes a burst of
connections that no worker has accepted yet, instead of dropping all but 16."""
import select
import socket
import types

from odoo.service import server as odoo_server
from odoo.tests import common

from odoo.addons.server_tuning import listen_queue

BURST = 100


class TestListenQueue(common.BaseCase):

    def setUp(self):
        super().setUp()
        self.listener = socket.socket()
        self.listener.bind(('127.0.0.1', 0))
        self.listener.listen(16)  # what Odoo's prefork server asks for with 2 workers
        self.addCleanup(self.listener.close)
        self.prefork = odoo_server.PreforkServer(None)
        self.prefork.socket = self.listener
        running, odoo_server.server = odoo_server.server, self.prefork
        self.addCleanup(setattr, odoo_server, 'server', running)

    def connected_in_a_burst(self):
        """How many of BURST connections the kernel completes while nobody accepts."""
        clients = []
        for _ in range(BURST):
            client = socket.socket()
            client.setblocking(False)
            client.connect_ex(self.listener.getsockname())
            clients.append(client)
        _, writable, _ = select.select([], clients, [], 1.0)
        done = sum(1 for c in writable if c.getsockopt(socket.SOL_SOCKET, socket.SO_ERROR) == 0)
        for client in clients:
            client.close()
        return done

    def test_burst_waits_in_the_queue(self):
        listen_queue.widen()
        self.assertEqual(self.connected_in_a_burst(), BURST)

    def test_odoo_queue_drops_the_burst(self):
        # the same burst without widening: the measure above can fail
        self.assertLess(self.connected_in_a_burst(), BURST)

    def test_gevent_process_queue_widened_too(self):
        gevent_server = odoo_server.GeventServer(None)
        gevent_server.httpd = types.SimpleNamespace(socket=self.listener)
        odoo_server.server = gevent_server
        listen_queue.widen()
        self.assertEqual(self.connected_in_a_burst(), BURST)

    def test_other_servers_left_alone(self):
        odoo_server.server = None
        listen_queue.widen()  # nothing to widen, no error
        self.assertLess(self.connected_in_a_burst(), BURST)
