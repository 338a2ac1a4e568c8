"""Sphinx configuration for Ruoyu Qin's academic site: settings only.

Logic lives in the site's extensions, the ``sphinx_academic`` package (``src/``),
installed with the site (``pip install -e .``).
"""

import os
from urllib.parse import urlsplit

# -- Site --------------------------------------------------------------------
project = "Ruoyu Qin"
author = "Ruoyu Qin"
copyright = "%Y, Ruoyu Qin"  # Sphinx fills %Y, honouring SOURCE_DATE_EPOCH
# English; a Read the Docs translation project builds its own language (READTHEDOCS_LANGUAGE,
# "zh-cn"); `make html` builds the Chinese site with `-D language=zh_CN`.
language = "zh_CN" if os.environ.get("READTHEDOCS_LANGUAGE", "").replace("-", "_").lower() == "zh_cn" else "en"

# -- Translations: Chinese from gettext catalogs (make update-po; README "Translating the site") ---
locale_dirs = ["locales/"]  # locales/zh_CN/LC_MESSAGES/<page>.po, managed with sphinx-intl
gettext_compact = False  # one catalog per page, named after it: cv/index.md -> cv/index.po
gettext_uuid = False  # no per-message UUIDs: catalogs change only when the English text does
gettext_location = True  # "#: cv/index.md:12": where each message comes from
# Settings visitors read, translated from locales/<language>/LC_MESSAGES/conf.po (sphinx_academic.translations)
translated_settings = [
    "project",
    "author",
    "copyright",
    "html_title",
    "ogp_site_name",
    "news_feed_title",
    "html_theme_options.search_bar_text",
    "html_theme_options.icon_links_label",
    "html_theme_options.icon_links.*.name",
    "person_jsonld.jobTitle",
    "person_jsonld.affiliation.name",
    "person_jsonld.alumniOf.name",
    "person_jsonld.knowsAbout.*",
    "person_jsonld.award.*",
]

# Read the Docs sets the canonical URL of the version it builds; elsewhere the
# owner's own domain is the canonical home.
html_baseurl = os.environ.get("READTHEDOCS_CANONICAL_URL", "https://qinruoyu.com/")

extensions = [
    "sphinx_academic.build_log",  # first: it quiets the others' start-up noise
    "sphinx_academic.languages",  # English at the root, Chinese under zh/: URLs, alternates, switcher
    "sphinx_academic.builders",  # html, dirhtml (and gettext, linkcheck) only: other builders stop at once
    "sphinx_academic.translations",  # the extensions' strings and the translated_settings, in the page's language
    "sphinx_academic.chinese_search",  # Sphinx 9.0's Chinese search page, mended (sphinx-doc/sphinx#14229)
    "myst_parser",
    "sphinx_design",
    "notfound.extension",
    "sphinx.ext.intersphinx",  # links into other projects' docs, from local inventory snapshots
    "sphinxcontrib.bibtex",  # the citation layer: {cite:p}, {footcite}, {bibliography}, …
    "sphinx_academic.images",  # every image as responsive WebP, made at build time
    "sphinx_academic.publications",
    "sphinx_academic.news",
    "sphinx_academic.page_metadata",
    "sphinx_academic.social_card",  # also sets up sphinxext.opengraph, which writes the og: tags
    "sphinx_academic.person_jsonld",
    "sphinx_academic.crawler_files",
    "sphinx_academic.cv_pdf",
    "sphinx_academic.theme_preference",  # no flash of the light theme for a dark-mode visitor
    "sphinx_academic.stale_output",  # an incremental build equals a clean one
    "sphinx_academic.page_speed",
    "sphinx_academic.garbage_collection",  # a big build's long-lived state out of the collector's way
    "sphinx_academic.parallel_writing",  # a large site's pages written on every core, read serially
    "sphinx_academic.document_settings",  # docutils' settings made once per build, not once per page
]

# The path of each language's site under the English one's (sphinx_academic.languages).
languages = {"en": "", "zh_CN": "zh/"}

exclude_patterns = ["_build", ".*", "README.md", "src", "tests", "benchmarks", "tools", "node_modules", "_inventories"]
myst_enable_extensions = ["colon_fence", "deflist", "attrs_inline", "attrs_block"]
myst_heading_anchors = 3
nitpicky = True

# -- Publications (sphinx_academic.publications) ----------------------------------------
publications_bibfile = "refs.bib"
publications_owner_names = ["Ruoyu Qin"]

# -- Other projects' docs (intersphinx): snapshots in _inventories/, refreshed by `make inventories`
intersphinx_mapping = {
    "mooncake": ("https://kvcache-ai.github.io/Mooncake/", "_inventories/mooncake.inv"),
}

# -- Citations (sphinxcontrib-bibtex, with the engine's styles) -----------------
bibtex_bibfiles = ["refs.bib"]  # the owner's papers; works by others would go in a second file
bibtex_default_style = "academic"  # reference lists and footnotes: titles as written, owner in bold
bibtex_reference_style = "academic"  # author–year, unique labels (2025a, 2025b), paper pages linked

# -- The CV as a PDF (sphinx_academic.cv_pdf): typeset from the CV page itself ----------
cv_pdf_documents = {"cv/index": "cv/ruoyu-qin-cv.pdf"}

# -- Images (sphinx_academic.images) -------------------------------------------------
images_metadata_files = ["figures/figures.toml"]  # alt text, captions and credit lines
# The article column as site.css and the theme lay it out (browsers pick the file for this
# width and their screen's density): 56rem from 1200px up, 58rem from 992px, else the
# viewport less its 1rem margins.
images_sizes = "(min-width: 75em) 56rem, (min-width: 62em) 58rem, calc(100vw - 2rem)"

# -- HTML ----------------------------------------------------------------------
html_theme = "pydata_sphinx_theme"
html_title = "Ruoyu Qin"
html_static_path = ["_static"]
html_css_files = ["site.css"]
html_favicon = "_static/favicon.svg"
html_copy_source = False
html_show_sourcelink = False
html_show_sphinx = False
# The heading permalinks' "#" is drawn by CSS (_static/site.css), not written in the page:
# reader modes and text clients would read it as part of the heading ("News#").
html_permalinks_icon = ""
html_sidebars = {"**": []}  # a personal site: no left sidebar
html_context = {"default_mode": "auto"}  # follow the visitor's system theme
html_theme_options = {
    "navbar_align": "left",
    # icon-only search: axe-clean label; the language switcher stays in the header on a phone
    "navbar_persistent": ["search-button", "language-switcher"],
    "search_bar_text": "Search this site…",
    "navbar_end": ["theme-switcher", "navbar-icon-links"],
    "header_links_before_dropdown": 6,
    "secondary_sidebar_items": [],
    "article_header_start": [],
    "show_prev_next": False,
    "footer_start": ["copyright"],
    "footer_center": [],
    "footer_end": [],
    # The theme renders each of these once more per page to see whether it is empty; here they
    # never are (the theme's two, then ours): 1 s of CPU at a thousand pages.
    "templates_skip_empty_check": [
        "sidebar-nav-bs.html",
        "navbar-nav.html",
        "navbar-logo.html",
        "search-button.html",
        "theme-switcher.html",
        "navbar-icon-links.html",
        "copyright.html",
    ],
    "icon_links_label": "Contact and profiles",
    "icon_links": [
        {"name": "GitHub", "url": "https://github.com/chestnut-Q", "icon": "fa-brands fa-github"},
        {
            "name": "Google Scholar",
            "url": "https://scholar.google.com/citations?user=mwBB0U4AAAAJ",
            "icon": "fa-brands fa-google-scholar",
        },
        {"name": "Email", "url": "mailto:qinry24@mails.tsinghua.edu.cn", "icon": "fa-solid fa-envelope"},
    ],
}

# -- 404 page (sphinx-notfound-page) -------------------------------------------
# The 404 page is served at any URL, so its links are absolute paths from the
# site root: "/" on the owner's domain, "/en/latest/" under Read the Docs.
notfound_urls_prefix = urlsplit(html_baseurl).path

# -- Discoverability: titles, descriptions, previews, structured data, feeds ----
# (sphinx_academic: page_metadata, social_card, person_jsonld, news, crawler_files)
templates_path = ["_templates"]  # layout.html: no "— Ruoyu Qin" after "Ruoyu Qin (秦若愚)"
page_metadata_noindex = ["search", "genindex"]  # also: no canonical link
page_metadata_no_canonical = ["404"]  # served at every unknown URL
languages_exclude = page_metadata_no_canonical  # no hreflang alternates; its switcher leads home

ogp_site_url = html_baseurl
ogp_site_name = "Ruoyu Qin"
ogp_type = "website"
ogp_enable_meta_description = False  # page_metadata writes it, with the og:description text
ogp_social_cards = {"enable": False}  # social_card renders the preview images (Pillow, Lato)
ogp_custom_meta_tags = ['<meta name="twitter:card" content="summary_large_image" />']
social_card_colors = {"background": "#5d2b8c", "accent": "#f2c14e"}  # the favicon's purple
# Chinese cards in Noto Sans SC (SIL OFL 1.1), from the rendercv-fonts package the CV PDF uses.
social_card_language_fonts = {
    "zh_CN": {
        "regular": "rendercv_fonts/Noto Sans/NotoSansSC-Regular.ttf",
        "bold": "rendercv_fonts/Noto Sans/NotoSansSC-Bold.ttf",
    },
}

crawler_files_exclude = page_metadata_noindex + page_metadata_no_canonical  # not in sitemap.xml

news_feed_title = "Ruoyu Qin — News"
news_feed_tag_authority = "qinruoyu.com"  # Atom entry ids stay the same on any host

person_jsonld = {
    "name": "Ruoyu Qin",
    "alternateName": "秦若愚",
    "jobTitle": "Ph.D. student in Computer Science and Technology",
    "affiliation": {"@type": "CollegeOrUniversity", "name": "Tsinghua University"},
    "alumniOf": {"@type": "CollegeOrUniversity", "name": "Tsinghua University"},
    "email": "mailto:qinry24@mails.tsinghua.edu.cn",
    "sameAs": [
        "https://github.com/chestnut-Q",
        "https://scholar.google.com/citations?user=mwBB0U4AAAAJ",
    ],
    "knowsAbout": [
        "Efficient machine learning systems",
        "Large-scale distributed large language model (LLM) deployment",
        "LLM serving",
        "RL rollout",
        "KVCache-centric disaggregated architectures",
    ],
    "award": [
        "Erik Riedel Best Paper Award, FAST '25, USENIX Association (2025)",
        "Outstanding Graduate Award, Tsinghua University (2023)",
        "Tang Lixin Outstanding Scholarship, Tsinghua University (2020)",
        "Gold Medal, 32nd Chinese Chemistry Olympiad, Chinese Chemical Society (2018)",
    ],
}
# The Chinese site names him in Chinese, the English name as the alternate; the other
# properties are translated from conf.po (translated_settings above).
person_jsonld_languages = {"zh_CN": {"name": "秦若愚", "alternateName": "Ruoyu Qin"}}
person_jsonld_profile_pages = ["cv/index"]  # a ProfilePage whose mainEntity is the Person

# -- Accessibility, print and validity (issue 4: tests/site/browser, tests/site/static) ---
html_use_index = False  # no index entries on a personal site: no empty genindex page
html_css_files += [
    ("print.css", {"media": "print"}),
    ("no-script.css", {"media": "(scripting: none)"}),  # phone navigation without JavaScript
]
linkcheck_timeout = 20
linkcheck_retries = 2
linkcheck_ignore = [r"https://scholar\.google\.com/"]  # answers automated checks with 403/429

# -- Speed (sphinx_academic.page_speed): post-build steps for a fast first paint -----------
# All on by default; `-D speed_optimise=0` builds the stock theme output (the
# benchmark's baseline). Each step has its own switch, e.g. speed_prune_css.
speed_optimise = True
