"""Every fact of the CV is on the page it belongs to (checked on the built HTML)."""

import pytest

from tests.site.conftest import html_pages, main_text

# Each page and the facts (from ../shared/content/cv.txt and FACTS.md) it must show.
FACTS_BY_PAGE = {
    "index.html": [
        "Ruoyu Qin",
        "秦若愚",
        "Ph.D. student in Computer Science and Technology at Tsinghua University",
        "Prof. Mingxing Zhang",
        "research intern",
        "Moonshot AI",
        "LLM serving",
        "Erik Riedel Best Paper Award",
        "Mooncake: Trading More Storage for Less Computation — A KVCache-centric Architecture for Serving LLM Chatbot",
        "qinry24@mails.tsinghua.edu.cn",
    ],
    "research/index.html": [
        "Research Interests",
        "My research centers on efficient machine learning systems, with an emphasis on large-scale, "
        "distributed large language model (LLM) deployments. I'm driven by real-world industrial needs: "
        "I seek out practical challenges in areas like LLM serving and RL rollout, develop solutions, "
        "and push them all the way into production.",
    ],
    "publications/index.html": [
        "Mooncake: Trading More Storage for Less Computation — A KVCache-centric Architecture for Serving LLM Chatbot",
        "Erik Riedel Best Paper Award",
        "FAST",
        "2025",
    ],
    "projects/index.html": ["Mooncake Store", "FlashAttention from Scratch"],
    "projects/mooncake-store.html": [
        "Mooncake Store aims to enhance the inference efficiency of large language models (LLMs), "
        "especially in slow object storage environments, by constructing a multi-level caching pool on "
        "high-speed interconnected DRAM/SSD resources.",
        "(GPUDirect) RDMA",
        "3.5k stars",
        "June 2025",
        "vLLM",
        "SGLang",
    ],
    "projects/flash-attention-from-scratch.html": [
        "FlashAttention from Scratch (FAS) is a learning project based on FlashAttention-2, featuring "
        "from-scratch implementations using both GPU and CPU.",
    ],
    "cv/index.html": [
        "Ph.D. in Computer Science and Technology",
        "2029 (expected)",
        "Advisor: Prof. Mingxing Zhang",
        "B.E. in Computer Science and Technology",
        "GPA: 3.95/4.00",
        "Rank: 10/182",
        "Outstanding Graduate Award (Top 5% of graduating class)",
        "Moonshot AI, Infra Team",
        "2023.09 – Present",
        "Research Intern",
        "Mentors: Xinran Xu and Weiran He",
        "THUMT",
        "2022.09 – 2023.06",
        "Research Assistant",
        "Advisor: Yang Liu",
        "Mooncake: Trading More Storage for Less Computation — A KVCache-centric Architecture for Serving LLM Chatbot",
        "Mooncake Store",
        "FlashAttention from Scratch",
    ],
}

AWARDS_WITH_YEARS = [
    ("2025", "FAST '25 Best Paper Award, USENIX Association"),
    ("2023", "Outstanding Graduate Award, Tsinghua University"),
    ("2020", "Tang Lixin Outstanding Scholarship, Tsinghua University"),
    ("2018", "Gold Medal, 32nd Chinese Chemistry Olympiad, Chinese Chemical Society"),
]


def normalise(text: str) -> str:
    """Compare typographic quotes as plain ones (MyST's smartquotes render ' as ’)."""
    return text.replace("’", "'").replace("‘", "'")


@pytest.mark.parametrize(("relative", "fact"), [(p, f) for p, facts in FACTS_BY_PAGE.items() for f in facts])
def test_fact_is_on_its_page(page, relative, fact):
    assert normalise(fact) in normalise(main_text(page(relative))), f"{relative} lacks {fact!r}"


# The paper's author order, marks and links on the list, home and CV pages:
# tests/site/publications/test_real_site.py.


def test_awards_table_pairs_each_award_with_its_year(page):
    rows = page("cv/index.html").select("section#cv-awards tr")
    cells = [tuple(normalise(" ".join(c.get_text(" ").split())) for c in row.find_all("td")) for row in rows]
    for year, award in AWARDS_WITH_YEARS:
        assert (year, normalise(award)) in cells, f"awards table lacks {award} ({year}); has {cells}"


def test_cv_heading_typo_is_fixed(site):
    pages = html_pages(site)
    assert len(pages) >= 10, f"only {len(pages)} pages checked"
    for html in pages:
        assert "Interst" not in html.read_text("utf-8"), f"{html} repeats the CV's typo"


@pytest.mark.parametrize(
    ("relative", "title"),
    [
        ("publications/index.html", "Publications — Ruoyu Qin"),
        ("research/index.html", "Research — Ruoyu Qin"),
        ("projects/index.html", "Projects — Ruoyu Qin"),
        ("cv/index.html", "CV — Ruoyu Qin"),
    ],
)
def test_page_titles(page, relative, title):
    assert " ".join(page(relative).title.get_text().split()) == title
