"""Honest comparisons: subjects, constant dollars, verdicts and their text."""
