"""Every validation rule, one module per family, and ``validate()`` that runs them all."""
