"""The DuckDB file and everything that reads or writes it; the only place with SQL."""
