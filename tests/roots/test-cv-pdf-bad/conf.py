project = "Fixture Site"
author = "A. Tester"
html_theme = "basic"
extensions = ["myst_parser", "sphinx_academic.cv_pdf"]
cv_pdf_documents = {"cv": "cv.pdf"}
