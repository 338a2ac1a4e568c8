"""Another project citing a paper of the publications root through intersphinx
(tests/publications/test_site_errors.py gives the mapping, to that build's objects.inv)."""

project = "Other"
extensions = ["sphinx.ext.intersphinx"]
html_theme = "basic"
nitpicky = True
