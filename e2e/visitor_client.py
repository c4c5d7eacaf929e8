"""A visitor of the public API, over plain HTTP (no browser)."""
import json
import urllib.error
import urllib.request


class Visitor:

    def __init__(self, base_url, user_agent='Mozilla/5.0 (Windows NT 10.0; Win64; x64) '
                 'AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Safari/537.36'):
        self.base_url = base_url
        self.user_agent = user_agent
        self.secret = None
        self.session = None

    def call(self, path, data=None, timeout=40):
        headers = {'User-Agent': self.user_agent}
        body = None
        if data is not None:
            headers['Content-Type'] = 'application/json'
            body = json.dumps(data).encode()
        if self.secret:
            headers['X-Livechat-Secret'] = self.secret
        request = urllib.request.Request(self.base_url + path, body, headers)
        try:
            with urllib.request.urlopen(request, timeout=timeout) as response:
                return response.status, json.loads(response.read())
        except urllib.error.HTTPError as error:
            return error.code, json.loads(error.read())

    def start(self, channel_id, **values):
        status, body = self.call('/livechat/session', dict(values, channel=channel_id))
        assert status == 200, body
        self.secret, self.session = body['secret'], body['session']
        return body

    def say(self, text):
        status, body = self.call('/livechat/message', {'body': text})
        assert status == 200, body
        return body['message']
