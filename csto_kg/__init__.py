"""csto-kg: a knowledge graph of the January 2022 unrest in Kazakhstan and the CSTO mission."""

__version__ = "0.1.0"
