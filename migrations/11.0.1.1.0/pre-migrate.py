"""11.0.1.1.0: mail.channel.livechat_operator_id becomes chat_operator_id.

Odoo 13+'s im_livechat defines livechat_operator_id on the channel as a
res.partner; ours is a res.users, so a port could not live beside it. Run
before the module's models are loaded: the column, its index, foreign key
and field record are renamed in place, so the sessions keep their operator
and the ORM finds the new field already there (it would otherwise add an
empty column and drop the old one with its data)."""
import logging

_logger = logging.getLogger(__name__)

TABLE = 'mail_channel'
OLD, NEW = 'livechat_operator_id', 'chat_operator_id'


def _exists(cr, query, params):
    cr.execute(query, params)
    return bool(cr.fetchone())


def rename_operator_field(cr, old=OLD, new=NEW):
    """Rename the column and what Odoo named after it; a no-op once done.
    (The test renames it back with the same function, to check both ends.)"""
    if not _exists(cr, 'SELECT 1 FROM information_schema.columns'
                       ' WHERE table_name = %s AND column_name = %s', (TABLE, old)):
        return False
    cr.execute('ALTER TABLE "%s" RENAME COLUMN "%s" TO "%s"' % (TABLE, old, new))
    # Odoo names the index and the foreign key after the column
    cr.execute('ALTER INDEX IF EXISTS "%s_%s_index" RENAME TO "%s_%s_index"'
               % (TABLE, old, TABLE, new))
    old_fkey, new_fkey = '%s_%s_fkey' % (TABLE, old), '%s_%s_fkey' % (TABLE, new)
    if _exists(cr, 'SELECT 1 FROM pg_constraint WHERE conname = %s', (old_fkey,)):
        cr.execute('ALTER TABLE "%s" RENAME CONSTRAINT "%s" TO "%s"' % (TABLE, old_fkey, new_fkey))
    cr.execute('UPDATE ir_model_constraint SET name = %s WHERE name = %s', (new_fkey, old_fkey))
    # the field's record keeps its id, and so its translations
    cr.execute("UPDATE ir_model_fields SET name = %s WHERE model = 'mail.channel' AND name = %s",
               (new, old))
    cr.execute("UPDATE ir_model_data SET name = %s WHERE module = 'livechat'"
               " AND model = 'ir.model.fields' AND name = %s",
               ('field_%s_%s' % (TABLE, new), 'field_%s_%s' % (TABLE, old)))
    # saved searches (filters, group by) on sessions
    cr.execute(r"""
        UPDATE ir_filters
           SET domain = regexp_replace(domain, '\m' || %(old)s || '\M', %(new)s, 'g'),
               context = regexp_replace(context, '\m' || %(old)s || '\M', %(new)s, 'g'),
               sort = regexp_replace(sort, '\m' || %(old)s || '\M', %(new)s, 'g')
         WHERE model_id = 'mail.channel'""", {'old': old, 'new': new})
    _logger.info('livechat: %s.%s renamed to %s', TABLE, old, new)
    return True


def migrate(cr, version):
    rename_operator_field(cr)
