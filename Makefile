.PHONY: run test lint format bench

# Install what is needed and run bot, worker and api on embedded defaults.
run:
	@scripts/bootstrap.sh
	uv run scout run all

# Everything CI checks: lint, format, types, the whole test suite.
test:
	@scripts/bootstrap.sh --test
	uv run ruff check .
	uv run ruff format --check .
	uv run mypy
	uv run bandit -q -r core bot workers api scout migrations -ll
	uv run pytest

format:
	uv run ruff format .
	uv run ruff check --fix .

bench:
	uv run python -m bench
