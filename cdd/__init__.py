"""The scorecard of a provincial Community Development office, as a package that never imports streamlit.

Layers, each importing only those below it (checked by `lint-imports`, see pyproject.toml):
cli > views > store > intake > grading > rubrics > office.
"""
