"""Text to values: numbers as printed, in their language, and derivation arithmetic."""
