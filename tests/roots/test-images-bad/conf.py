"""Images the build cannot serve as they are (tests/images/test_bad_input.py)."""

project = "Fixture"
extensions = ["myst_parser", "sphinx_academic.images"]
html_theme = "basic"
images_widths = [100]
images_max_megapixels = 0.01  # large.png (200×100) is "large" here
