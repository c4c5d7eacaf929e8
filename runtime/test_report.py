"""Record the outcome of every Odoo test suite into a JSON-lines file.

Odoo 11 runs each test module through ``unittest.TextTestRunner``; wrapping
its ``run`` gives exact counts instead of parsing the log.
"""
import json
import unittest


def _ids(test):
    if isinstance(test, unittest.TestSuite):
        return [name for child in test for name in _ids(child)]
    return [test.id()]


def record_to(path):
    original_run = unittest.TextTestRunner.run

    def run(self, test):
        names = _ids(test)  # before the run, which empties the suite
        result = original_run(self, test)
        failed = [str(case) for case, _trace in result.failures + result.errors]
        failed += [str(case) for case in getattr(result, 'unexpectedSuccesses', [])]
        with open(path, 'a') as report:
            report.write(json.dumps({
                'run': result.testsRun,
                'failed': failed,
                'skipped': len(result.skipped),
                'tests': names,
            }) + '\n')
        return result

    unittest.TextTestRunner.run = run
