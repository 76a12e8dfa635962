"""The command line (`python -m cdd`), the benchmark and its synthetic data."""
