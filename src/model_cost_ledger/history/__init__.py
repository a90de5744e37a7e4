"""Versions, the canonical text of figure rows, and which rows each release holds."""
