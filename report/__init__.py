from . import livechat_report
