"""Grading: figures rolled up to a period, every mission graded, what each district still owes, on time or not.

Pure: nothing here reads a file or a database.
"""
