"""Data intake: read messy CSV/XLSX files, clean and validate them, write them all-or-nothing."""
