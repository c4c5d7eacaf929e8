"""make test: every test of the project, one closing line ``N passed, N failed``.

Stages, each on the fresh database ``livechat_test``:
  1. install ``livechat``, its bridges and platform/ with Odoo's test runner
     (Python and HTTP tests);
  2. upgrade it (``-u livechat``);
  3. start a real server (threaded, ``--workers=0``) and run the end-to-end suite
     ``e2e/`` with pytest (JSON API, bus, Playwright driving Debian's Chromium);
  4. fuzz the visitor API (docs/openapi.yaml) with schemathesis on that server
     (runtime/fuzz.py, in its own venv);
  5. the production layout (runtime/servers.py: prefork workers and the gevent
     long polling process behind nginx): the delivery tests of ``e2e/`` again
     (marker ``delivery``) and those that need it (marker ``prefork``: a second
     server, a restart), counted as ``e2e[prefork]: ...``;
  6. uninstall it and check nothing of it is left.
  7. the product alone: ``livechat`` on a database of its own, served without
     platform/ (``--load=web``), its visitor API end to end (marker ``alone``).
Before them, the linters (runtime/lint.py: ruff, pylint-odoo, eslint), one check
each failing on any finding, one each that a planted fault is counted; then the
widget's pure helpers under Node's test runner (no database).
Usage: run_tests.py [--only lint|node|odoo|e2e|fuzz|prefork|alone] [pytest args for e2e...]
"""
import ast
import collections
import hashlib
import json
import os
import re
import subprocess
import sys
import time
import urllib.request
import xml.etree.ElementTree as ElementTree

import lint
import servers

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
RUN = os.path.join(ROOT, '.run')
ODOO = [os.path.join(ROOT, 'runtime', 'odoo.sh')]
DB = os.environ.get('LIVECHAT_TEST_DB', 'livechat_test')
ARTIFACTS = os.path.join(RUN, 'artifacts')
MODULES = os.environ.get('LIVECHAT_TEST_MODULES',
                         'livechat,livechat_helpdesk,livechat_crm,bus_speedup,server_tuning')
# the product alone, without platform/ (stage_alone)
ALONE_DB = DB + '_alone'
# Odoo's own live chat sits in the same database: every test runs beside it.
NEIGHBOURS = os.environ.get('LIVECHAT_TEST_NEIGHBOURS', 'im_livechat,website_livechat')
FUZZ_EXAMPLES = 100  # per API operation, the gate: the same cases on every run
FUZZ_EXPLORE_SECONDS = 60  # then new cases (a random seed) for that long: fails on a 5xx only


class Tally:
    def __init__(self):
        self.passed = self.skipped = 0
        self.failed = []

    def check(self, name, ok, detail=''):
        if ok:
            self.passed += 1
            print('PASS %s' % name)
        else:
            self.failed.append(name)
            print('FAIL %s %s' % (name, detail))


def free_port():
    return servers.free_ports()[0]


def db_env():
    env = {}
    with open(os.path.join(RUN, 'db.env')) as handle:
        for line in handle:
            key, _sep, value = line.strip().partition('=')
            env[key] = value
    return env


def psql(sql, db='postgres'):
    env = db_env()
    return subprocess.run(
        ['psql', '-h', env['DB_HOST'], '-p', env['DB_PORT'], '-U', env['DB_USER'],
         '-d', db, '-tAc', sql],
        env=dict(os.environ, PGPASSWORD=env.get('DB_PASSWORD', '')),
        capture_output=True, text=True)


def odoo(args, log_name, extra_env=None):
    """Run Odoo to completion; return (exit code, log text)."""
    log_path = os.path.join(ARTIFACTS, log_name)
    with open(log_path, 'w') as log:
        code = subprocess.call(ODOO + args, stdout=log, stderr=subprocess.STDOUT,
                               env=dict(os.environ, **(extra_env or {})))
    with open(log_path) as log:
        return code, log.read()


def errors_in(log_text):
    return [line for line in log_text.splitlines()
            if re.search(r' (ERROR|CRITICAL) ', line)]


def stage_node(tally):
    """static/tests/*.test.js with ``node --test``: one count per test (TAP)."""
    result = subprocess.run(['node', '--test', '--test-reporter=tap',
                             os.path.join(ROOT, 'static', 'tests')],
                            capture_output=True, text=True, cwd=ROOT)
    outcomes = re.findall(r'^(ok|not ok) \d+ - (.*)$', result.stdout, re.M)
    for outcome, name in outcomes:
        tally.check('node: %s' % name, outcome == 'ok')
    if result.returncode and not any(outcome == 'not ok' for outcome, _name in outcomes):
        tally.check('node: the test runner ran', False, (result.stderr or result.stdout)[-500:])


def stage_dependencies(tally):
    """Install what livechat depends on first (with demo data, without their
    tests), so the test stage runs our tests only."""
    depends = manifest_depends()
    code, _log = odoo(['-d', DB, '-i', ','.join(depends), '--stop-after-init', '--log-level=warn'],
                      'odoo-dependencies.log')
    tally.check('platform: database with %s' % ','.join(depends), code == 0,
                'exit %s, see .run/artifacts/odoo-dependencies.log' % code)
    return code == 0


def manifest_depends():
    depends = set()
    for module in MODULES.split(','):
        with open(manifest_path(module)) as handle:
            depends.update(ast.literal_eval(handle.read())['depends'])
    depends.update(filter(None, NEIGHBOURS.split(',')))
    return sorted(depends - set(MODULES.split(',')))


def manifest_path(module):
    if module == 'livechat':
        return os.path.join(ROOT, '__manifest__.py')
    for folder in ('bridges', 'platform'):
        path = os.path.join(ROOT, folder, module, '__manifest__.py')
        if os.path.exists(path):
            return path
    raise FileNotFoundError('no manifest for %s under bridges/ or platform/' % module)


def stage_lint(tally):
    """runtime/lint.py: one check per linter, failing on any finding (listed
    above it); and one showing that its findings are counted at all."""
    for name, findings, trouble in lint.run():
        for finding in findings:
            print('  ' + finding)
        tally.check('lint: %s' % name, not findings and not trouble,
                    trouble or '%d findings, listed above' % len(findings))
    for name, found in lint.run_planted():
        tally.check('lint: %s counts a planted fault' % name, found)


def stage_install(tally):
    report = os.path.join(ARTIFACTS, 'odoo-tests.jsonl')
    if os.path.exists(report):
        os.remove(report)
    code, log = odoo(['-d', DB, '-i', MODULES, '--test-enable', '--stop-after-init',
                      '--http-port=%d' % free_port(), '--longpolling-port=%d' % free_port(),
                      '--log-level=test'],
                     'odoo-install.log', {'LIVECHAT_TEST_REPORT': report})
    tally.check('platform: install %s on a fresh database' % MODULES,
                code == 0 and psql("select state from ir_module_module where name='livechat'",
                                   DB).stdout.strip() == 'installed',
                'exit %s, see .run/artifacts/odoo-install.log' % code)
    suites = []
    if os.path.exists(report):
        with open(report) as handle:
            suites = [json.loads(line) for line in handle]
    for suite in suites:
        tally.passed += suite['run'] - len(suite['failed']) - suite['skipped']
        tally.skipped += suite['skipped']
        for name in suite['failed']:
            tally.check('odoo: %s' % name, False, '(see .run/artifacts/odoo-install.log)')
    # a class both at_install and post_install runs twice: once is what it means
    runs = collections.Counter(name for suite in suites for name in suite.get('tests', []))
    twice = sorted(name for name, count in runs.items() if count > 1)
    tally.check('platform: every Odoo test runs once', not twice, ', '.join(twice[:5]))
    # errors logged outside of a test (e.g. a failing data file) fail the stage too
    # test failures are counted one by one above; these lines only repeat them
    stray = [line for line in errors_in(log) if '.tests.' not in line.split(' ')[5]
             and 'failures' not in line and 'At least one test failed' not in line]
    tally.check('platform: install logs no error', not stray, '\n'.join(stray[:5]))
    print('odoo tests: %d suites, %d tests' % (len(suites), sum(s['run'] for s in suites)))


def stage_upgrade(tally):
    code, log = odoo(['-d', DB, '-u', MODULES, '--stop-after-init', '--log-level=warn'],
                     'odoo-upgrade.log')
    tally.check('platform: upgrade (-u livechat)', code == 0 and not errors_in(log),
                '\n'.join(errors_in(log)[:5]))


def wait_http(url, seconds=60):
    deadline = time.time() + seconds
    while time.time() < deadline:
        try:
            # one request waits as long as it takes: abandoned ones pile up on a
            # loaded server, each compiling the page's assets again
            urllib.request.urlopen(url, timeout=max(5, deadline - time.time())).read()
            return True
        except Exception:
            time.sleep(0.3)
    return False


def stage_server(tally, pytest_args, e2e=True, fuzz=True):
    """Start a real server; run e2e/ (pytest) and the fuzzer against it."""
    port = free_port()
    log = open(os.path.join(ARTIFACTS, 'odoo-e2e-server.log'), 'w')
    server = subprocess.Popen(ODOO + ['-d', DB, '--db-filter=^%s$' % DB, '--http-port=%d' % port,
                                      '--http-interface=127.0.0.1', '--workers=0',
                                      # one threaded process serves e2e/test_no_loss.py's
                                      # 50 visitors polling at once: more than the 64
                                      # connections a process may open by default
                                      '--db_maxconn=160', '--log-level=warn'],
                              stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    try:
        base_url = 'http://127.0.0.1:%d' % port
        if not wait_http(base_url + '/web/login', 300):  # a loaded machine is slow to start
            tally.check('e2e: server starts', False, 'see .run/artifacts/odoo-e2e-server.log')
            return
        if e2e:
            stage_e2e(tally, base_url, ['-m', 'not prefork and not alone'] + pytest_args)
        if fuzz:
            stage_fuzz(tally, base_url)
    finally:
        os.killpg(server.pid, 15)
        server.wait(30)
        log.close()


def stage_alone(tally, pytest_args):
    """The product without platform/: installed on a database of its own,
    served without server_tuning (``--load=web``), its visitor API answers
    (e2e marker ``alone``)."""
    psql('drop database if exists "%s"' % ALONE_DB)
    load = '--load=web'
    code, log = odoo(['-d', ALONE_DB, '-i', 'livechat', load, '--stop-after-init',
                      '--log-level=warn'], 'odoo-alone-install.log')
    platform = psql("select count(*) from ir_module_module where state = 'installed'"
                    " and name in ('bus_speedup', 'server_tuning')", ALONE_DB).stdout.strip()
    tally.check('platform: livechat installs without platform/', code == 0 and platform == '0'
                and not errors_in(log), 'exit %s, %s platform modules installed, see'
                ' .run/artifacts/odoo-alone-install.log' % (code, platform))
    if code == 0:
        port = free_port()
        log = open(os.path.join(ARTIFACTS, 'odoo-alone-server.log'), 'w')
        server = subprocess.Popen(ODOO + ['-d', ALONE_DB, '--db-filter=^%s$' % ALONE_DB, load,
                                          '--http-port=%d' % port, '--workers=0',
                                          '--http-interface=127.0.0.1', '--log-level=warn'],
                                  stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
        try:
            base_url = 'http://127.0.0.1:%d' % port
            if wait_http(base_url + '/web/login', 300):
                stage_e2e(tally, base_url, ['-m', 'alone'] + pytest_args, 'e2e[alone]',
                          os.path.join(ARTIFACTS, 'alone'), ALONE_DB)
            else:
                tally.check('e2e[alone]: server starts', False,
                            'see .run/artifacts/odoo-alone-server.log')
        finally:
            os.killpg(server.pid, 15)
            server.wait(30)
            log.close()
    psql('drop database if exists "%s"' % ALONE_DB)


def stage_prefork(tally, pytest_args):
    """The production layout (runtime/servers.py) on free ports: the delivery tests
    against it, then e2e/test_two_servers.py (a second server it starts itself)."""
    started = time.time()
    artifacts = os.path.join(ARTIFACTS, 'prefork')
    try:
        with servers.ProxiedOdoo(DB, os.path.join(artifacts, 'server-a'),
                                 odoo_args=['--log-level=warn']) as server:
            stage_e2e(tally, server.url, ['-m', 'delivery or prefork'] + pytest_args,
                      'e2e[prefork]', artifacts)
    except (OSError, RuntimeError) as error:
        tally.check('e2e[prefork]: server starts', False,
                    '%s; see .run/artifacts/prefork/server-a/' % error)
    print('e2e[prefork]: %.0f s' % (time.time() - started))


def stage_e2e(tally, base_url, pytest_args, prefix='e2e', artifacts=ARTIFACTS, db=DB):
    os.makedirs(artifacts, exist_ok=True)
    junit = os.path.join(artifacts, 'e2e-junit.xml')
    env = dict(os.environ, LIVECHAT_URL=base_url, LIVECHAT_DB=db,
               LIVECHAT_ARTIFACTS=artifacts, PYTHONPATH=os.path.join(ROOT, 'runtime'))
    code = subprocess.call(
        [sys.executable, '-m', 'pytest', os.path.join(ROOT, 'e2e'), '-p', 'no:cacheprovider',
         '-c', os.path.join(ROOT, 'e2e', 'pytest.ini'), '--rootdir', os.path.join(ROOT, 'e2e'),
         '-q', '-rfE', '--junitxml=%s' % junit] + pytest_args, env=env, cwd=ROOT)
    if not os.path.exists(junit):
        tally.check('%s: pytest ran' % prefix, False, 'exit %s' % code)
        return
    for case in ElementTree.parse(junit).getroot().iter('testcase'):
        name = '%s: %s::%s' % (prefix, case.get('classname'), case.get('name'))
        outcome = {child.tag for child in case}
        if 'skipped' in outcome:
            tally.skipped += 1
        elif outcome & {'failure', 'error'}:
            tally.check(name, False)
        else:
            tally.passed += 1
    if code not in (0, 1, 5):  # 5: no test collected, 1: failures counted above
        tally.check('%s: pytest exit code' % prefix, False, 'exit %s' % code)


def stage_fuzz(tally, base_url):
    """schemathesis on docs/openapi.yaml against the same server (runtime/fuzz.py):
    one line per API operation."""
    started = time.time()
    result = subprocess.run([sys.executable, os.path.join(ROOT, 'runtime', 'fuzz.py'),
                             base_url, DB, str(FUZZ_EXAMPLES),
                             '--explore', str(FUZZ_EXPLORE_SECONDS)],
                            capture_output=True, text=True, cwd=ROOT)
    for line in result.stdout.splitlines():
        if line.startswith(('fuzz: ', 'NOTE fuzz: ')):  # the seed, what exploring found
            print(line)
    lines = [line for line in result.stdout.splitlines()
             if line.startswith(('PASS fuzz: ', 'FAIL fuzz: '))]
    for line in lines:
        outcome, _sep, rest = line.partition(' ')
        name, _sep, detail = rest.partition(' — ')
        tally.check(name, outcome == 'PASS', detail)
    if not lines:
        tally.check('fuzz: schemathesis ran', False,
                    (result.stderr or result.stdout)[-500:] + ' see .run/artifacts/fuzz-*.log')
    print('fuzz: %.0f s, see .run/artifacts/fuzz-*.log' % (time.time() - started))


def stage_uninstall_bridges(tally):
    """Bridges (bridges/*) and platform/ first, each checked on its own, then livechat."""
    for module in [m for m in MODULES.split(',') if m != 'livechat']:
        stage_uninstall(tally, module)


def stage_uninstall(tally, module='livechat'):
    script = ("env['ir.module.module'].search([('name', '=', '%s')])"
              ".button_immediate_uninstall()\nenv.cr.commit()\n" % module)
    log_path = os.path.join(ARTIFACTS, 'odoo-uninstall-%s.log' % module)
    with open(log_path, 'w') as log:
        code = subprocess.run(ODOO + ['shell', '-d', DB, '--log-level=warn'], input=script,
                              text=True, stdout=log, stderr=subprocess.STDOUT).returncode
    sql = "select (select count(*) from ir_model_data where module = '%s')" % module
    if module == 'livechat':  # and the trigger models/bus_bus.py puts on Odoo's bus_bus
        sql += (" + (select count(*) from pg_trigger where tgname like 'livechat%')"
                " + (select count(*) from pg_proc where proname like 'livechat%')")
    left = psql(sql, DB).stdout.strip()
    state = psql("select state from ir_module_module where name = '%s'" % module,
                 DB).stdout.strip()
    tally.check('platform: uninstall leaves nothing of %s' % module,
                code == 0 and state == 'uninstalled' and left == '0',
                'exit %s, state %s, %s records left' % (code, state, left))
    if module == 'livechat':  # its uninstall hook gives mail's rule back its global scope
        groups = psql("select count(*) from rule_group_rel where rule_group_id = (select res_id"
                      " from ir_model_data where module = 'mail' and name = 'mail_channel_rule')",
                      DB).stdout.strip()
        tally.check("platform: uninstall makes mail's channel rule global again", groups == '0',
                    '%s groups left on it' % groups)


def checkout_state():
    """Each path git sees changed or untracked, with its content's hash; None
    outside a git checkout."""
    try:
        listing = subprocess.run(['git', 'status', '--porcelain', '-z', '--untracked-files=all'],
                                 cwd=ROOT, capture_output=True, check=True).stdout
    except (OSError, subprocess.CalledProcessError):
        return None
    state, entries = {}, iter(listing.split(b'\0'))
    for entry in entries:
        if not entry:
            continue
        if entry[:1] in (b'R', b'C'):
            next(entries)  # the path it came from
        path = os.fsdecode(entry[3:])
        full = os.path.join(ROOT, path)
        digest = None
        if os.path.isfile(full):
            with open(full, 'rb') as handle:
                digest = hashlib.sha256(handle.read()).hexdigest()
        state[path] = (entry[:2], digest)
    return state


def main(argv):
    only = None
    if argv[:1] == ['--only']:
        only, argv = argv[1], argv[2:]
    os.makedirs(ARTIFACTS, exist_ok=True)
    tally = Tally()
    started = time.time()
    checkout = checkout_state()
    if only in (None, 'lint'):
        stage_lint(tally)
    if only in (None, 'node'):
        stage_node(tally)
    if only not in ('lint', 'node'):
        psql('drop database if exists "%s"' % DB)
    if only in (None, 'odoo', 'e2e', 'fuzz', 'prefork') and stage_dependencies(tally):
        stage_install(tally)
    if only is None:
        stage_upgrade(tally)
    if only in (None, 'e2e', 'fuzz'):
        stage_server(tally, argv, e2e=only != 'fuzz', fuzz=only != 'e2e')
    if only in (None, 'prefork'):
        stage_prefork(tally, argv)
    if only in (None, 'alone'):
        stage_alone(tally, argv)
    if only is None:
        stage_uninstall_bridges(tally)
        stage_uninstall(tally)
    if checkout is not None:  # tests write under .run/ only (docs/screenshots: make screenshots)
        after = checkout_state()
        changed = sorted(path for path in set(checkout) | set(after)
                         if checkout.get(path) != after.get(path))
        tally.check('platform: the run leaves the git checkout as it was', not changed,
                    'changed: %s' % ', '.join(changed[:8]))
    print('\n%d tests, %.0f s; artifacts in .run/artifacts' % (
        tally.passed + len(tally.failed), time.time() - started))
    for name in tally.failed:
        print('failed: %s' % name)
    line = '%d passed, %d failed' % (tally.passed, len(tally.failed))
    if tally.skipped:
        line += ', %d skipped' % tally.skipped
    print(line)
    return 1 if tally.failed else 0


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))
