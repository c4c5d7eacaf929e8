
from . import widget
from . import api
