"""Loading a project: its config, KPI catalogue and data (quarter folders and declared sources)."""
