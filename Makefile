# make run   set up this machine, migrate, load the demo data, serve http://127.0.0.1:5000 (PORT=…)
# make test  the whole suite on SQLite (with the browser tests) and on a throwaway PostgreSQL
# make lint  ruff
# Extra pytest arguments: make test ARGS="-k migrations -x"

FLASK := .venv/bin/flask --app app

.PHONY: run setup test lint

run: export REGLAMENT_ENV := development
run: setup
	$(FLASK) db upgrade
	$(FLASK) demo load
	@echo
	@echo "Reglament: http://127.0.0.1:$${PORT:-5000} (the accounts above; Ctrl+C stops it)"
	@echo
	$(FLASK) run --host 127.0.0.1 --port $${PORT:-5000}

setup:
	bash scripts/setup.sh

test: setup
	bash scripts/test.sh $(ARGS)

lint: setup
	.venv/bin/ruff check .
