from . import livechat_transcript_wizard
from . import livechat_visitor_chat
from . import livechat_block_wizard
