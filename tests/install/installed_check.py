"""Run by the wheel test with the freshly installed kiosk's own Python (not the test's):
every module of the installed packages imports without the dev tools, and every screen's
.tcss is beside its module. Prints one JSON object; exit 1 names what is missing."""

from __future__ import annotations

import importlib
import inspect
import json
import pkgutil
import sys
from pathlib import Path


def main() -> int:
    problems: list[str] = []
    modules = 0
    for package_name in ("kiosk", "screens"):
        package = importlib.import_module(package_name)
        for info in pkgutil.walk_packages(package.__path__, f"{package_name}."):
            if info.name.endswith(".__main__"):
                continue  # runs the command
            try:
                module = importlib.import_module(info.name)
            except Exception as exc:  # what failed is the report
                problems.append(f"{info.name}: {type(exc).__name__}: {exc}")
                continue
            modules += 1
            for _, cls in inspect.getmembers(module, inspect.isclass):
                css = getattr(cls, "CSS_PATH", None)
                own = cls.__module__ == module.__name__ and isinstance(css, str)
                if own and not (Path(inspect.getfile(module)).parent / str(css)).is_file():
                    problems.append(f"{info.name}.{cls.__name__}: {css} missing")
    kiosk_file = importlib.import_module("kiosk").__file__ or ""
    print(json.dumps({"modules": modules, "problems": problems, "kiosk": kiosk_file}))
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
