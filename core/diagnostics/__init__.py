"""Checks that tell whether the dependencies answer: /health, `scout doctor` and its --live."""
