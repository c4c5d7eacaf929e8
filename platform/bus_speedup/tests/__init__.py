from . import test_bus
from . import test_channel_membership_search
from . import test_dispatch
