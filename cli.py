"""Run csto-kg from a checkout without installing it: `python cli.py --help`. A shim onto csto_kg.cli."""

from csto_kg.cli import main

if __name__ == "__main__":
    main()
