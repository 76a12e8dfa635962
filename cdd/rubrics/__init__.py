"""Rubrics as data: the model, its conditions and indicators, its lint, TOML in and out, and the shipped letters."""
