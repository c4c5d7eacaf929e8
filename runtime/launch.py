#!/usr/bin/env python3
"""Our odoo-bin: Python 3.11 compatibility first, then Odoo's own command line.

Used exactly like odoo-bin (``launch.py -c odoo.conf -d db ...``).  It also
re-executes itself for Odoo's gevent longpolling process, so the compatibility
layer is active there too.
"""
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

if len(sys.argv) > 1 and sys.argv[1] == 'gevent':
    # patch before the compatibility layer imports threading & co
    import gevent.monkey
    gevent.monkey.patch_all()

import odoo_compat  # noqa: E402  (must precede odoo)

# lessc from runtime/node_modules compiles the backend and website stylesheets
os.environ['PATH'] = os.pathsep.join(
    [os.path.join(HERE, 'node_modules', '.bin'), os.environ.get('PATH', '')])

import odoo  # noqa: E402
import odoo.tools.safe_eval  # noqa: E402,F401

odoo_compat.patch_safe_eval()

if os.environ.get('LIVECHAT_TEST_REPORT'):
    import test_report
    test_report.record_to(os.environ['LIVECHAT_TEST_REPORT'])

if __name__ == '__main__':
    odoo.cli.main()
