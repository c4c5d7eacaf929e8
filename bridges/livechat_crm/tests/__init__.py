from . import test_lead_from_chat
from . import test_lead_outcome
from . import test_lead_visitor_api
from . import test_japanese
