from . import test_platform
from . import test_session_stats
