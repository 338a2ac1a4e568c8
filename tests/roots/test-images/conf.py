"""sphinx_academic.images on a small MyST site (tests/images/): small widths, so encoding is quick."""

project = "Fixture"
extensions = ["myst_parser", "sphinx_academic.images"]
html_theme = "basic"
images_widths = [200, 400]
images_src_width = 400
images_sizes = "(min-width: 40em) 36rem, 100vw"
images_metadata_files = ["figures/figures.toml"]
