from . import livechat_channel
from . import livechat_channel_rule
from . import livechat_operator
from . import mail_channel
from . import livechat_rate_counter
from . import livechat_assignment
from . import livechat_channel_visitor
from . import mail_channel_visitor
