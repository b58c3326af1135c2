"""A follow-up visit compared with earlier ones, trends across visits, and the cramp diary."""
