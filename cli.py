"""Run csto-kg from a checkout without installing it: `python cli.py --help`. A shim onto csto_kg.cli."""

import sys

try:
    from csto_kg.cli import main
except ImportError as exc:  # run with a Python that lacks the project's packages
    sys.stderr.write(
        f"csto-kg: {exc.name or exc} is not installed for {sys.executable}.\n"
        "  Run `make setup` once, then `.venv/bin/csto-kg ...` (or `.venv/bin/python cli.py ...`).\n"
    )
    sys.exit(2)

if __name__ == "__main__":
    main()
