"""Django's PostgreSQL backend with a cheaper health check and timestamps
parsed in C (see `base`)."""
