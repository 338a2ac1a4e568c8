project = "Fixture Site"
author = "A. Tester"
html_baseurl = "https://example.org/site/"
html_theme = "basic"
extensions = ["myst_parser", "sphinx_academic.cv_pdf"]
myst_enable_extensions = ["deflist", "attrs_block"]
cv_pdf_documents = {"cv/index": "cv/a-tester-cv.pdf"}
html_title = "Fixture Site"
