"""The importable datasets, one module per area of work."""
