from odoo import api, models


class LivechatCachedConfiguration(models.AbstractModel):
    """Page views read channels and rules from an ormcache: any change to them
    empties it now, for this transaction, and again once committed, in case a
    page view in another thread cached the old configuration in between."""
    _name = 'livechat.cached.configuration'
    _description = 'Live Chat configuration read by page views from a cache'

    def _configuration_changed(self):
        self.clear_caches()
        self.env.cr.after('commit', self.clear_caches)

    @api.model
    def create(self, vals):
        record = super().create(vals)
        self._configuration_changed()
        return record

    @api.multi
    def write(self, vals):
        result = super().write(vals)
        self._configuration_changed()
        return result

    @api.multi
    def unlink(self):
        result = super().unlink()
        self._configuration_changed()
        return result
