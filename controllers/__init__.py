
from . import widget
