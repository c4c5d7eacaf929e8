from . import controllers
from . import models


def uninstall_hook(cr, registry):
    models.bus_bus.drop_commit_order(cr)
