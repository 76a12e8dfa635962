"""The office's own world, below every rule: its fiscal calendar, its clock, its districts, Thai text and numbers."""
