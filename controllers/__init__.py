
from . import widget
from . import json_api
from . import bus
from . import odoo_routes
from . import visitors_api
from . import files_api
