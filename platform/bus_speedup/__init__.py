from . import dispatch, models

dispatch.install()
