"""Run every benchmark module of this package (each has a `main()`)."""

from __future__ import annotations

import importlib
import pkgutil

import bench


def main() -> None:
    for module in pkgutil.iter_modules(bench.__path__):
        if module.name.startswith("_"):
            continue
        print(f"## bench.{module.name}\n")
        importlib.import_module(f"bench.{module.name}").main()
        print()


if __name__ == "__main__":
    main()
