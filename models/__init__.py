from . import livechat_channel
from . import livechat_channel_rule
from . import livechat_operator
from . import mail_channel
from . import livechat_session  # before the files that extend its methods
from . import livechat_rate_counter
from . import livechat_assignment
from . import livechat_channel_visitor
from . import mail_channel_visitor
from . import mail_channel_operator
from . import mail_channel_members
from . import mail_message
from . import bus_bus
from . import website
from . import res_config_settings
from . import livechat_transcript_wizard
from . import livechat_report
from . import ir_http
