from . import livechat_channel
from . import livechat_channel_rule
from . import livechat_operator
from . import mail_channel
from . import livechat_session
from . import livechat_transcript_wizard
from . import livechat_report
