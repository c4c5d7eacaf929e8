from . import livechat_transcript_wizard
