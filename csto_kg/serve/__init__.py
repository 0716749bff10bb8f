"""The serve wing of csto_kg (see tests/test_architecture.py for its import rules)."""
