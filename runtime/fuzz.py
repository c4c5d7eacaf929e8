"""Fuzz the public visitor API (docs/openapi.yaml) with schemathesis against a
running server: no 5xx, answers as described. Run by run_tests.py after the
e2e suite, or by hand: fuzz.py BASE_URL DB [max examples per operation].

Schemathesis runs from its own venv (runtime/fuzz_venv.sh). For the run, a channel
whose operator (admin) stays online takes the fuzzer's sessions, and the rate
limits are raised; they are put back afterwards. Prints one line per operation
(``PASS``/``FAIL``); the JUnit report is .run/artifacts/fuzz-junit.xml."""
import json
import os
import subprocess
import sys
import threading
import urllib.request
import xml.etree.ElementTree as ElementTree
from http.cookiejar import CookieJar

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
ARTIFACTS = os.path.join(ROOT, '.run', 'artifacts')
LIMITS = ['livechat.rate_limit.sessions_per_ip_per_minute',
          'livechat.rate_limit.messages_per_session_per_minute',
          'livechat.rate_limit.offline_messages_per_ip_per_minute']
CHECKS = ['not_a_server_error', 'status_code_conformance', 'content_type_conformance',
          'response_headers_conformance', 'response_schema_conformance',
          'negative_data_rejection', 'positive_data_acceptance', 'missing_required_header',
          'unsupported_method']
MAX_SECONDS = 240  # hard bound of the whole run


class Admin:
    def __init__(self, base_url, db):
        self.base_url = base_url
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(CookieJar()))
        self.uid = self.call('/web/session/authenticate',
                             {'db': db, 'login': 'admin', 'password': 'admin'})['uid']

    def call(self, path, params):
        body = json.dumps({'jsonrpc': '2.0', 'method': 'call', 'params': params}).encode()
        request = urllib.request.Request(self.base_url + path, body,
                                         {'Content-Type': 'application/json'})
        with self.opener.open(request, timeout=60) as response:
            reply = json.loads(response.read())
        if 'error' in reply:
            raise RuntimeError(reply['error'])
        return reply.get('result')

    def model(self, model, method, *args, **kwargs):
        return self.call('/web/dataset/call_kw', {'model': model, 'method': method,
                                                  'args': list(args), 'kwargs': kwargs})


def stay_online(admin, stop):
    """Operators count as online for a minute after their last bus poll."""
    while not stop.wait(20):
        admin.model('bus.presence', 'update', 0)


def fuzz(base_url, db, max_examples):
    """Run schemathesis; return [(operation, ok, detail)]."""
    os.makedirs(ARTIFACTS, exist_ok=True)
    venv = subprocess.run([os.path.join(ROOT, 'runtime', 'fuzz_venv.sh')], check=True,
                          capture_output=True, text=True).stdout.strip()
    admin = Admin(base_url, db)
    before = {key: admin.model('ir.config_parameter', 'get_param', key) for key in LIMITS}
    admin.model('bus.presence', 'update', 0)
    channel = admin.model('livechat.channel', 'create', {
        'name': 'Fuzzing', 'rule_ids': [(0, 0, {'action': 'show', 'url_regex': ''})],
        'operator_ids': [(0, 0, {'user_id': admin.uid, 'max_concurrent_chats': 100000})]})
    stop = threading.Event()
    threading.Thread(target=stay_online, args=(admin, stop), daemon=True).start()
    junit = os.path.join(ARTIFACTS, 'fuzz-junit.xml')
    log_path = os.path.join(ARTIFACTS, 'fuzz.log')
    try:
        for key in LIMITS:
            admin.model('ir.config_parameter', 'set_param', key, '100000')
        if os.path.exists(junit):
            os.remove(junit)
        with open(log_path, 'w') as log:
            try:
                subprocess.run(
                    [os.path.join(venv, 'bin', 'schemathesis'),
                     '--config-file', os.path.join(ROOT, 'runtime', 'fuzz.toml'),
                     'run', os.path.join(ROOT, 'docs', 'openapi.yaml'), '--url', base_url,
                     '--max-examples', str(max_examples), '--phases', 'examples,fuzzing',
                     '--checks', ','.join(CHECKS), '--request-timeout', '40', '--workers', '2',
                     '--seed', '7', '--no-color', '--report', 'junit',
                     '--report-junit-path', junit],
                    stdout=log, stderr=subprocess.STDOUT, timeout=MAX_SECONDS,
                    cwd=os.path.join(ROOT, '.run'),  # where it keeps its .schemathesis/
                    env=dict(os.environ, SCHEMATHESIS_HOOKS='fuzz_hooks',
                             PYTHONPATH=os.path.join(ROOT, 'runtime'),
                             LIVECHAT_FUZZ_URL=base_url, LIVECHAT_FUZZ_CHANNEL=str(channel)))
            except subprocess.TimeoutExpired:
                return [('schemathesis run', False, 'over %d s, see %s' % (MAX_SECONDS, log_path))]
    finally:
        stop.set()
        for key, value in before.items():
            admin.model('ir.config_parameter', 'set_param', key, value or False)
        # the minute's per-IP counters, full of the fuzzer's requests, start afresh
        admin.model('livechat.rate.counter', 'unlink', admin.model(
            'livechat.rate.counter', 'search',
            ['|', ('key', '=like', 'session_start:%'), ('key', '=like', 'offline_message:%')]))
        admin.model('livechat.channel', 'write', [channel], {'active': False})
    if not os.path.exists(junit):
        return [('schemathesis run', False, 'no report, see %s' % log_path)]
    results = []
    for case in ElementTree.parse(junit).getroot().iter('testcase'):
        problems = [child for child in case if child.tag in ('failure', 'error')]
        results.append((case.get('name'), not problems,
                        ' '.join((p.get('message') or p.text or '')[:200] for p in problems)))
    return results


def main(argv):
    base_url, db = argv[0], argv[1]
    results = fuzz(base_url, db, int(argv[2]) if len(argv) > 2 else 40)
    for name, ok, detail in results:
        print('%s fuzz: %s%s' % ('PASS' if ok else 'FAIL', name, ' — ' + detail if detail else ''))
    return 0 if results and all(ok for _name, ok, _detail in results) else 1


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))
