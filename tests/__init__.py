from . import test_platform
from . import test_channel_defaults
from . import test_channel_constraints
from . import test_channel_join
from . import test_channel_widget
from . import test_channel_access
from . import test_channel_i18n
