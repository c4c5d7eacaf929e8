from . import test_runtime
from . import test_connection_pool
from . import test_listen_queue
from . import test_request_setup
