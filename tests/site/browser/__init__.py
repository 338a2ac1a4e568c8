"""Browser tests: every built page in Chromium, and a visitor's paths end to end."""
