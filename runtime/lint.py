"""The linters of make test, each one check: ruff (Python, runtime/ruff.toml),
pylint-odoo (Odoo's conventions for 11.0, runtime/pylintrc) and eslint (the
widget and the backend's JavaScript, runtime/eslint.config.js), all pinned.

    lint.py            prints each linter's findings; exits non-zero on any
"""
import os
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
RUNTIME = os.path.join(ROOT, 'runtime')


def _linters():
    venv = subprocess.run([os.path.join(RUNTIME, 'tool_venv.sh'), 'lint'], check=True,
                          capture_output=True, text=True).stdout.strip()
    addons = [ROOT] + [os.path.join(ROOT, folder, name) for folder in ('bridges', 'platform')
                       for name in sorted(os.listdir(os.path.join(ROOT, folder)))]
    return [
        ('ruff', [os.path.join(venv, 'bin', 'ruff'), 'check', '--no-cache',
                  '--config', os.path.join(RUNTIME, 'ruff.toml'), '.']),
        ('pylint-odoo', [os.path.join(venv, 'bin', 'pylint'), '--rcfile',
                         os.path.join(RUNTIME, 'pylintrc'), '--score=n'] + addons),
        ('eslint', [os.path.join(RUNTIME, 'node_modules', '.bin', 'eslint'), '--config',
                    os.path.join(RUNTIME, 'eslint.config.js'), 'static',
                    'runtime/eslint.config.js']),
    ]


def run():
    """[(name, ok, findings)], one per linter."""
    results = []
    for name, command in _linters():
        done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True)
        results.append((name, done.returncode == 0, (done.stdout + done.stderr).strip()))
    return results


if __name__ == '__main__':
    failed = False
    for name, ok, findings in run():
        print('%s: %s' % (name, 'clean' if ok else 'findings'))
        if not ok:
            print(findings)
            failed = True
    sys.exit(1 if failed else 0)
