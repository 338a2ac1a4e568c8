"""The speed steps with the real theme on a two-page site (tests/page_speed/test_switches.py)."""

extensions = ["sphinx_academic.page_speed"]
html_theme = "pydata_sphinx_theme"
html_theme_options = {
    "navbar_end": ["theme-switcher", "navbar-icon-links"],
    "icon_links": [{"name": "GitHub", "url": "https://github.com/x", "icon": "fa-brands fa-github"}],
}
html_context = {"default_mode": "auto"}
