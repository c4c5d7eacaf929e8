from . import test_platform
from . import test_rate_limit
from . import test_visitor_logic
from . import test_visitor_api
from . import test_visitor_geoip
