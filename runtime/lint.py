"""The linters of make test, each one check: ruff (Python, runtime/ruff.toml),
pylint-odoo (Odoo's conventions for 11.0, runtime/pylintrc) and eslint (the
widget and the backend's JavaScript, runtime/eslint.config.js), all pinned.
Each linter's findings are counted, one a line; any finding fails its check.
Each is also given one planted fault (on stdin, under a path of the repository,
nothing written): a linter whose findings are not counted fails too.

    lint.py            prints each linter's findings; exits non-zero on any
"""
import json
import os
import re
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
RUNTIME = os.path.join(ROOT, 'runtime')

# one per linter: (its arguments to read the planted file from stdin, under a
# path of the repository; the text; the code it must report)
PLANTED = {
    'ruff': (['--stdin-filename', 'models/planted.py', '-'],
             'x = 1\n# %s\n' % ('x' * 100), 'E501'),
    'pylint-odoo': (['--from-stdin', 'models/planted.py'],
                    "from odoo import _\n\n\ndef f(a, b):\n    return _('%s and %s') % (a, b)\n",
                    'W8120'),
    'eslint': (['--stdin', '--stdin-filename', 'static/src/widget/planted.js'],
               'undefinedName();\n', 'no-undef'),
}


def _commands():
    """{name: (command, what it reads in the repository)}"""
    venv = subprocess.run([os.path.join(RUNTIME, 'tool_venv.sh'), 'lint'], check=True,
                          capture_output=True, text=True).stdout.strip()
    addons = [ROOT] + [os.path.join(ROOT, folder, name) for folder in ('bridges', 'platform')
                       for name in sorted(os.listdir(os.path.join(ROOT, folder)))]
    return {
        'ruff': ([os.path.join(venv, 'bin', 'ruff'), 'check', '--no-cache', '--config',
                  os.path.join(RUNTIME, 'ruff.toml'), '--output-format', 'concise'], ['.']),
        'pylint-odoo': ([os.path.join(venv, 'bin', 'pylint'), '--rcfile',
                         os.path.join(RUNTIME, 'pylintrc'), '--score=n'], addons),
        'eslint': ([os.path.join(RUNTIME, 'node_modules', '.bin', 'eslint'), '--config',
                    os.path.join(RUNTIME, 'eslint.config.js'), '--format', 'json'],
                   ['static', 'runtime/eslint.config.js']),
    }


def _findings(name, output):
    """The findings in a linter's output, one line each ("path:line:col: code ...")."""
    if name == 'eslint':
        try:
            files = json.loads(output)
        except ValueError:
            return []
        return ['%s:%s:%s: %s %s' % (os.path.relpath(report['filePath'], ROOT),
                                     message.get('line'), message.get('column'),
                                     message.get('ruleId') or 'error', message['message'])
                for report in files for message in report['messages']]
    # ruff (concise): "path:1:2: E501 ..."; pylint: "path:1:2: W8120: ..."
    return re.findall(r'^\S[^\n]*?:\d+:\d+: [A-Z]+\d+\b[^\n]*$', output, re.M)


def _lint(name, command, stdin=None):
    """(findings, trouble): trouble when the linter failed without any finding."""
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, input=stdin)
    findings = _findings(name, done.stdout)
    trouble = ''
    if done.returncode and not findings:
        trouble = 'exit %s: %s' % (done.returncode, (done.stderr or done.stdout).strip()[-1000:])
    return findings, trouble


def run():
    """[(name, findings, trouble)], one per linter, on the repository."""
    return [(name,) + _lint(name, command + targets)
            for name, (command, targets) in _commands().items()]


def run_planted():
    """[(name, found)]: whether each linter's planted fault is among its counted findings."""
    results = []
    for name, (command, _targets) in _commands().items():
        arguments, text, code = PLANTED[name]
        findings, _trouble = _lint(name, command + arguments, stdin=text)
        results.append((name, any(' %s' % code in finding for finding in findings)))
    return results


if __name__ == '__main__':
    failed = False
    for name, findings, trouble in run():
        print('%s: %d findings%s' % (name, len(findings), ', ' + trouble if trouble else ''))
        for finding in findings:
            print('  ' + finding)
        failed = failed or bool(findings or trouble)
    sys.exit(1 if failed else 0)
