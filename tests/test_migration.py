"""The 11.0.1.1.0 migration (migrations/11.0.1.1.0/pre-migrate.py): a database
of 11.0.1.0.0 keeps its sessions' operators, saved searches and field record
under the new field name. The test puts the old names back in its own
transaction (PostgreSQL's DDL rolls back with it), then migrates."""
import importlib.util
import os
import re

from odoo.modules.module import get_module_path

from .test_session_stats import SessionCase

VERSION = '11.0.1.1.0'


def load_migration():
    path = os.path.join(get_module_path('livechat'), 'migrations', VERSION, 'pre-migrate.py')
    spec = importlib.util.spec_from_file_location('livechat_pre_migrate', path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


class TestOperatorFieldMigration(SessionCase):

    def setUp(self):
        super().setUp()
        self.migration = load_migration()
        self.session = self.new_session()
        self.search = self.env['ir.filters'].create({
            'name': 'By operator', 'model_id': 'mail.channel',
            'domain': "[('%s', '!=', False)]" % self.migration.NEW,
            'context': "{'group_by': ['%s']}" % self.migration.NEW})

    def names(self, field):
        """Where each thing Odoo named after the field stands (None: nowhere)."""
        cr, table = self.env.cr, 'mail_channel'
        cr.execute('SELECT column_name FROM information_schema.columns'
                   ' WHERE table_name = %s AND column_name = %s', (table, field))
        column, operator = cr.fetchone(), None
        if column:
            cr.execute('SELECT "%s" FROM mail_channel WHERE id = %%s' % field, (self.session.id,))
            operator = cr.fetchone()[0]
        cr.execute('SELECT 1 FROM pg_indexes WHERE indexname = %s',
                   ('%s_%s_index' % (table, field),))
        index = cr.fetchone()
        cr.execute('SELECT 1 FROM pg_constraint WHERE conname = %s',
                   ('%s_%s_fkey' % (table, field),))
        fkey = cr.fetchone()
        cr.execute("SELECT d.module FROM ir_model_fields f JOIN ir_model_data d"
                   " ON d.model = 'ir.model.fields' AND d.res_id = f.id"
                   " WHERE f.model = 'mail.channel' AND f.name = %s AND d.name = %s",
                   (field, 'field_%s_%s' % (table, field)))
        record = cr.fetchone()
        cr.execute('SELECT domain, context FROM ir_filters WHERE id = %s', (self.search.id,))
        searched = all(re.search(r'\b%s\b' % field, text) for text in cr.fetchone())
        return {'column': bool(column), 'operator': operator, 'index': bool(index),
                'fkey': bool(fkey), 'record': record and record[0], 'searched': searched}

    def test_old_database_keeps_its_operators(self):
        old, new = self.migration.OLD, self.migration.NEW
        before = {'column': True, 'operator': self.operator.id, 'index': True, 'fkey': True,
                  'record': 'livechat', 'searched': True}
        gone = {'column': False, 'operator': None, 'index': False, 'fkey': False,
                'record': None, 'searched': False}
        self.assertEqual(self.names(new), before)
        self.assertTrue(self.migration.rename_operator_field(self.env.cr, new, old))
        self.assertEqual((self.names(old), self.names(new)), (before, gone))  # as 11.0.1.0.0 had it

        self.migration.migrate(self.env.cr, '11.0.1.0.0')
        self.assertEqual((self.names(new), self.names(old)), (before, gone))
        self.assertFalse(self.migration.rename_operator_field(self.env.cr), 'runs once only')
        self.session.invalidate_cache()
        self.assertEqual(self.session.chat_operator_id, self.operator)
