"""The HTTP service: API keys mapped to roles, one endpoint per command and query."""
