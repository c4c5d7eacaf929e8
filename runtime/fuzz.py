"""Fuzz the public visitor API (docs/openapi.yaml) with schemathesis against a
running server: no 5xx, answers as described. Run by run_tests.py after the
e2e suite, or by hand:
    fuzz.py BASE_URL DB [max examples per operation] [--explore SECONDS [SEED]]

The gate runs the same cases on every machine and every run (fixed seed and
count, one worker, no example database): a failure is the server's, not luck's.
Each of its findings is kept as a plain test (tests/test_visitor_api_fuzz.py).
With --explore, a second run with a new random seed (printed, so that it can be
run again) looks further for SECONDS; it fails on a server error (5xx) only and
prints what else it finds as NOTE lines.

Schemathesis runs from its own venv (runtime/tool_venv.sh fuzz). For the run, a channel
whose operator (admin) stays online takes the fuzzer's sessions, and the rate
limits are raised; they are put back afterwards. Prints one line per operation
(``PASS``/``FAIL``); logs and JUnit reports are .run/artifacts/fuzz-{gate,explore}*."""
import json
import os
import random
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
          'livechat.rate_limit.offline_messages_per_ip_per_minute',
          'livechat.rate_limit.page_views_per_ip_per_minute']
CHECKS = ['not_a_server_error', 'status_code_conformance', 'content_type_conformance',
          'response_headers_conformance', 'response_schema_conformance',
          'negative_data_rejection', 'positive_data_acceptance', 'missing_required_header',
          'unsupported_method']
MAX_SECONDS = 600  # hard bound of the gate's run (about 90 s; far more on a loaded machine)
GATE_SEED = 7
SERVER_ERRORS = ('ST101', 'ST102')  # schemathesis' failure codes of a 5xx answer


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


def schemathesis(venv, base_url, channel, args, name, seconds):
    """One schemathesis run; [(operation, ok, detail, whether a 5xx was among the failures)]."""
    junit = os.path.join(ARTIFACTS, 'fuzz-%s-junit.xml' % name)
    log_path = os.path.join(ARTIFACTS, 'fuzz-%s.log' % name)
    if os.path.exists(junit):
        os.remove(junit)
    with open(log_path, 'w') as log:
        try:
            subprocess.run(
                [os.path.join(venv, 'bin', 'schemathesis'),
                 '--config-file', os.path.join(ROOT, 'runtime', 'fuzz.toml'),
                 'run', os.path.join(ROOT, 'docs', 'openapi.yaml'), '--url', base_url,
                 '--checks', ','.join(CHECKS), '--request-timeout', '40',
                 # same cases in the same order on every machine: no example
                 # database replaying a machine's history, one worker, no health
                 # check that depends on the machine's speed
                 '--workers', '1', '--generation-database', 'none',
                 '--suppress-health-check', 'too_slow',
                 '--no-color', '--report', 'junit', '--report-junit-path', junit] + args,
                stdout=log, stderr=subprocess.STDOUT, timeout=seconds,
                cwd=os.path.join(ROOT, '.run'),  # where it keeps its .schemathesis/
                env=dict(os.environ, SCHEMATHESIS_HOOKS='fuzz_hooks',
                         PYTHONPATH=os.path.join(ROOT, 'runtime'),
                         LIVECHAT_FUZZ_URL=base_url, LIVECHAT_FUZZ_CHANNEL=str(channel)))
        except subprocess.TimeoutExpired:
            return [('schemathesis run', False, 'over %d s, see %s' % (seconds, log_path), True)]
    if not os.path.exists(junit):
        return [('schemathesis run', False, 'no report, see %s' % log_path, True)]
    results = []
    for case in ElementTree.parse(junit).getroot().iter('testcase'):
        problems = [child for child in case if child.tag in ('failure', 'error')]
        codes = ' '.join(p.get('message') or '' for p in problems)
        results.append((case.get('name'), not problems,
                        ' '.join(' '.join((p.text or p.get('message') or '').split())[:300]
                                 for p in problems),
                        any(code in codes for code in SERVER_ERRORS)))
    return results


def fuzz(base_url, db, max_examples, explore_seconds=0, explore_seed=None):
    """The gate (fixed seed and example count), then, given explore_seconds, an
    exploratory run with a new seed; return [(name, ok, detail)]. The
    exploratory run fails on a server error only: its other findings are
    reported (NOTE) for a person to turn into regression tests."""
    os.makedirs(ARTIFACTS, exist_ok=True)
    venv = subprocess.run([os.path.join(ROOT, 'runtime', 'tool_venv.sh'), 'fuzz'], check=True,
                          capture_output=True, text=True).stdout.strip()
    admin = Admin(base_url, db)
    before = {key: admin.model('ir.config_parameter', 'get_param', key) for key in LIMITS}
    admin.model('bus.presence', 'update', 0)
    channel = admin.model('livechat.channel', 'create', {
        'name': 'Fuzzing', 'rule_ids': [(0, 0, {'action': 'show', 'url_regex': ''})],
        'track_visitors': True, 'queue_when_busy': True,
        'operator_ids': [(0, 0, {'user_id': admin.uid, 'max_concurrent_chats': 100000})]})
    stop = threading.Event()
    threading.Thread(target=stay_online, args=(admin, stop), daemon=True).start()
    results = []
    try:
        for key in LIMITS:
            admin.model('ir.config_parameter', 'set_param', key, '100000')
        gate = schemathesis(venv, base_url, channel,
                            ['--max-examples', str(max_examples), '--seed', str(GATE_SEED),
                             '--phases', 'examples,fuzzing'], 'gate', MAX_SECONDS)
        results += [(name, ok, detail) for name, ok, detail, _server in gate]
        if explore_seconds:
            seed = explore_seed if explore_seed is not None else random.randrange(2 ** 32)
            name = 'exploratory run, seed %d, %d s (runtime/fuzz.py URL DB --explore %d %d)' % (
                seed, explore_seconds, explore_seconds, seed)
            print('fuzz: %s' % name, flush=True)
            found = schemathesis(venv, base_url, channel,
                                 ['--max-time', str(explore_seconds), '--seed', str(seed),
                                  '--phases', 'fuzzing'], 'explore', explore_seconds + 120)
            for operation, ok, detail, _server in found:
                if not ok:
                    print('NOTE fuzz: %s: %s — %s' % (name, operation, detail))
            errors = ['%s — %s' % (operation, detail)
                      for operation, ok, detail, server in found if server]
            results.append((name, not errors, ' '.join(errors)[:600]))
    finally:
        stop.set()
        for key, value in before.items():
            admin.model('ir.config_parameter', 'set_param', key, value or False)
        # the minute's per-IP counters, full of the fuzzer's requests, start afresh
        admin.model('livechat.rate.counter', 'unlink', admin.model(
            'livechat.rate.counter', 'search',
            ['|', ('key', '=like', 'session_start:%'), ('key', '=like', 'offline_message:%')]))
        admin.model('livechat.channel', 'write', [channel], {'active': False})
    return results


def main(argv):
    """fuzz.py BASE_URL DB [examples per operation] [--explore SECONDS [SEED]]"""
    explore = []
    if '--explore' in argv:
        explore = [int(value) for value in argv[argv.index('--explore') + 1:]]
        argv = argv[:argv.index('--explore')]
    base_url, db = argv[0], argv[1]
    results = fuzz(base_url, db, int(argv[2]) if len(argv) > 2 else 40, *explore)
    for name, ok, detail in results:
        print('%s fuzz: %s%s' % ('PASS' if ok else 'FAIL', name, ' — ' + detail if detail else ''))
    return 0 if results and all(ok for _name, ok, _detail in results) else 1


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))
