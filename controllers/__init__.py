
from . import widget
from . import json_api
from . import bus
from . import odoo_routes
from . import pool_wait
from . import listen_queue
