"""Counter-notices: a seller answers a takedown, the complainant maintains or withdraws."""
