from . import bus_bus
from . import mail_channel
