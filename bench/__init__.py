"""Benchmarks: `uv run python -m bench` runs every module's `main()` and prints tables."""
