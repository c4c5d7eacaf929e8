from . import livechat_channel
from . import livechat_channel_rule
from . import livechat_operator
from . import mail_channel
from . import website
from . import res_config_settings
