# The two commands of the README, and the ones around them.
.PHONY: run test setup bench screenshots

run:            ## install what is missing, create the demo database, serve on :8069
	@runtime/run.sh

test:           ## install what is missing, run every test, print "N passed, N failed"
	@runtime/test.sh

screenshots:    ## copy the last test run's screenshots (.run/artifacts) over docs/screenshots
	@runtime/screenshots.sh

setup:          ## only install (apt, venv, npm) and start PostgreSQL
	@runtime/setup.sh --browser --proxy && runtime/pg.sh

bench:          ## ours beside Odoo 11's im_livechat on one server; writes BENCHMARKS.md (~15 min)
	@bench/bench.sh $(BENCH_ARGS)
