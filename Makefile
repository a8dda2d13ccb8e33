.PHONY: run test lint format bench

# scripts/bootstrap.sh puts uv (wherever it came from) behind this path,
# so make never depends on PATH to find it.
UV ?= $(CURDIR)/.cache/bin/uv

# Install what is needed and run bot, worker and api on embedded defaults.
run:
	@scripts/bootstrap.sh
	$(UV) run scout run all

# Everything CI checks: lint, format, types, the whole test suite.
test:
	@scripts/bootstrap.sh --test
	$(UV) run ruff check .
	$(UV) run ruff format --check .
	$(UV) run mypy
	$(UV) run bandit -q -r core telegram_kit bot workers api scout migrations -ll
	$(UV) run pytest

format:
	$(UV) run ruff format .
	$(UV) run ruff check --fix .

bench:
	$(UV) run python -m bench
