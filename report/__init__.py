from . import livechat_report
from . import livechat_tag_report
