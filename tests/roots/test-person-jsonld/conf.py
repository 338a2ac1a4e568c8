"""sphinx_academic.person_jsonld: the Person on the root page, a profile page about them (tests/person_jsonld/)."""

project = "Fixture Site"
author = "A. Tester"
html_baseurl = "https://example.org/site/"
html_theme = "basic"
extensions = ["myst_parser", "sphinx_academic.person_jsonld"]
person_jsonld = {"name": "A. Tester", "alternateName": "测试"}
person_jsonld_profile_pages = ["cv"]
# The Chinese build (tests: confoverrides language=zh_CN) names the person in Chinese, under zh/.
extensions += ["sphinx_academic.languages"]
languages = {"en": "", "zh_CN": "zh/"}
person_jsonld_languages = {"zh_CN": {"name": "测试", "alternateName": "A. Tester"}}
