
from . import widget
from . import api
from . import bus
