
from . import widget
from . import api
from . import bus
from . import odoo_routes
