"""Record the outcome of every Odoo test suite into a JSON-lines file.

Odoo 11 runs each test module through ``unittest.TextTestRunner``; wrapping
its ``run`` gives exact counts instead of parsing the log.
"""
import json
import unittest


def record_to(path):
    original_run = unittest.TextTestRunner.run

    def run(self, test):
        result = original_run(self, test)
        failed = [str(case) for case, _trace in result.failures + result.errors]
        failed += [str(case) for case in getattr(result, 'unexpectedSuccesses', [])]
        with open(path, 'a') as report:
            report.write(json.dumps({
                'run': result.testsRun,
                'failed': failed,
                'skipped': len(result.skipped),
            }) + '\n')
        return result

    unittest.TextTestRunner.run = run
