# Another project's Sphinx docs linking into the site through intersphinx
# (tests/site/publications/test_intersphinx.py maps the built site's objects.inv as "qin").
project = "Project docs"
extensions = ["myst_parser", "sphinx.ext.intersphinx"]
html_theme = "basic"
nitpicky = True
