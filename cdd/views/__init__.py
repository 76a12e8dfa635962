"""What each screen shows, as plain tables and plotly figures, so screens only choose and draw."""
