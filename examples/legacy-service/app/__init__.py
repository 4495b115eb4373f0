"""Orders service: a legacy codebase being brought onto the standard stack."""
