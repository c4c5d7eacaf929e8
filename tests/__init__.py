from . import test_platform
from . import test_rate_limit
