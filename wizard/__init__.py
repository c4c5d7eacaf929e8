from . import livechat_transcript_wizard
from . import livechat_visitor_chat
