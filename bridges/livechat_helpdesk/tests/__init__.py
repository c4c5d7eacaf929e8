from . import test_team_livechat
from . import test_ticket_from_chat
from . import test_japanese
from . import test_ticket_outcome
