"""Every citation of an explainer page and of its original, in all five styles, as the cite
box shows it (issue 17): the project's two sources (one with an author and a date, one with
neither), an invented magazine article with no author or date, and an invented report with
an Ibid. chain in its notes.

The project's sidecars give no outlet or address, so a reader could not find those
originals: their pages offer only themselves and say where the original was first published
(`cite.original_retrievable`). Their originals' strings are checked as the box would show
them if the sidecar said where to find them.

The expected strings were checked by hand against APA 7 (§9.41 republished works, §8.14
titles in text, §10.4 reports, "(Ed.; Version)"), MLA 9 (titles, "edited by", no
paragraph numbers for an original that has none), Chicago 18 notes and author-date
("(2021) 2026" for a reprint) and Cite Them Right (sentence case with a lower-case subtitle,
"Version", "Accessed"), not copied from the processor's output unread.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from explainer import cite, csl
from explainer.model import Article, PartialDate
from explainer.pages import Citations, cite_articles, load_article
from explainer.parse import parse_article
from explainer.sources import parse_sidecar

ROOT = Path(__file__).resolve().parents[1]
EDITION = cite.Edition(
    site_name="Explainer",
    site_url="https://example.org/explainer/",
    editor="The explainer team",
    version="1.0",
    date=PartialDate(2026, 11, 23),
)

TIDES = (
    "Harbours and Tides: A Short Survey of the Ports of Portugal\n\n"
    "Tide tables for small harbours in Portugal are often copied from the nearest large port.\n\n"
    "The copy can be wrong by an hour or more.\n"
)
TIDES_SIDECAR = "type: magazine\npublisher: Harbour Weekly\nurl: https://example.org/harbours\n"
CANALS = (
    "The Canals of Lisbon\n\nThe canals of Lisbon carried trade.[1] They silted up.[2] Nobody dredged them.[3]\n\n"
    "Notes\n\n"
    "[1] Ann Lee, “Canals and Cities,” in A History of Trade, ed. Bo Kim (Lisbon: Harbour Press, 1990), 12–30.\n\n"
    "[2] Ibid., 14.\n\n[3] Ibid.\n"
)
CANALS_SIDECAR = (
    "type: report\npublisher: Canal Trust\nurl: https://example.org/canals.pdf\ndate: 2021-06\nauthors: [Carla Dias]\n"
)


def _invented(text: str, sidecar_yaml: str, slug: str) -> Article:
    sidecar, problems = parse_sidecar(sidecar_yaml, f"{slug}.yml")
    assert problems == []
    return parse_article(text, source=f"{slug}.txt", slug=slug, sidecar=sidecar)


UNFINDABLE = ("security-assistance-enhances-kyiv-hard-power", "should-america-help-ukraine-hit-back")
"""The project's own articles: no sidecar `url`, `publisher` or `container_title`."""


def _articles() -> list[Article]:
    articles = [load_article(path) for path in sorted((ROOT / "sources").glob("*.txt"))]
    return articles + [_invented(TIDES, TIDES_SIDECAR, "tides"), _invented(CANALS, CANALS_SIDECAR, "canals")]


@pytest.fixture(scope="module")
def citations() -> Citations:
    return cite_articles(_articles(), EDITION)


@pytest.fixture(scope="module")
def every_original_findable() -> Citations:
    """The same, as if every sidecar said where to find the original: every box offers it."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(cite, "original_retrievable", lambda article: True)
        return cite_articles(_articles(), EDITION)


def _forms(citations: Citations, slug: str) -> dict[str, dict[str, dict[str, str]]]:
    found = re.search(r'id="ex-cite-data">(.*?)</script>', citations.boxes[slug], re.S)
    assert found is not None
    forms: dict[str, dict[str, dict[str, str]]] = json.loads(found.group(1))["citations"]
    return forms


EXPECTED: dict[tuple[str, str, str], tuple[str, str, str]] = {
    # security-assistance-enhances-kyiv-hard-power: page
    ('security-assistance-enhances-kyiv-hard-power', 'page', 'apa'): (
        'Security assistance to Ukraine is only enhancing Kyiv’s hard power (Version 1.0). (2026, November 23). Explainer. https://example.org/explainer/articles/security-assistance-enhances-kyiv-hard-power/',
        '(Security Assistance to Ukraine, 2026)',
        '(Security Assistance to Ukraine, 2026, para. {n})',
    ),
    ('security-assistance-enhances-kyiv-hard-power', 'page', 'mla'): (
        '“Security Assistance to Ukraine Is Only Enhancing Kyiv’s Hard Power.” Explainer, Version 1.0, 23 Nov. 2026, https://example.org/explainer/articles/security-assistance-enhances-kyiv-hard-power/.',
        '(“Security Assistance to Ukraine”)',
        '(“Security Assistance to Ukraine,” par. {n})',
    ),
    ('security-assistance-enhances-kyiv-hard-power', 'page', 'chicago-nb'): (
        'Explainer. “Security Assistance to Ukraine Is Only Enhancing Kyiv’s Hard Power.” Version 1.0. November 23, 2026. https://example.org/explainer/articles/security-assistance-enhances-kyiv-hard-power/.',
        '“Security Assistance to Ukraine Is Only Enhancing Kyiv’s Hard Power,” version 1.0, Explainer, November 23, 2026, https://example.org/explainer/articles/security-assistance-enhances-kyiv-hard-power/.',
        '“Security Assistance to Ukraine Is Only Enhancing Kyiv’s Hard Power,” version 1.0, Explainer, November 23, 2026, para. {n}, https://example.org/explainer/articles/security-assistance-enhances-kyiv-hard-power/.',
    ),
    ('security-assistance-enhances-kyiv-hard-power', 'page', 'chicago-ad'): (
        'Explainer. 2026. “Security Assistance to Ukraine Is Only Enhancing Kyiv’s Hard Power.” Version 1.0. November 23. https://example.org/explainer/articles/security-assistance-enhances-kyiv-hard-power/.',
        '(Explainer 2026)',
        '(Explainer 2026, para. {n})',
    ),
    ('security-assistance-enhances-kyiv-hard-power', 'page', 'harvard'): (
        'Security assistance to Ukraine is only enhancing Kyiv’s hard power (2026) Explainer. Version 1.0. Available at: https://example.org/explainer/articles/security-assistance-enhances-kyiv-hard-power/ (Accessed: 23 November 2026).',
        '(Security assistance to Ukraine is only enhancing Kyiv’s hard power, 2026)',
        '(Security assistance to Ukraine is only enhancing Kyiv’s hard power, 2026, para. {n})',
    ),
    # security-assistance-enhances-kyiv-hard-power: original
    ('security-assistance-enhances-kyiv-hard-power', 'original', 'apa'): (
        'Security assistance to Ukraine is only enhancing Kyiv’s hard power. (n.d.).',
        '(Security Assistance to Ukraine, n.d.)',
        '(Security Assistance to Ukraine, n.d., para. {n})',
    ),
    ('security-assistance-enhances-kyiv-hard-power', 'original', 'mla'): (
        'Security Assistance to Ukraine Is Only Enhancing Kyiv’s Hard Power.',
        '(Security Assistance to Ukraine)',
        '(Security Assistance to Ukraine)',
    ),
    ('security-assistance-enhances-kyiv-hard-power', 'original', 'chicago-nb'): (
        '“Security Assistance to Ukraine Is Only Enhancing Kyiv’s Hard Power.”',
        '“Security Assistance to Ukraine Is Only Enhancing Kyiv’s Hard Power.”',
        '“Security Assistance to Ukraine Is Only Enhancing Kyiv’s Hard Power,” para. {n}.',
    ),
    ('security-assistance-enhances-kyiv-hard-power', 'original', 'chicago-ad'): (
        '“Security Assistance to Ukraine Is Only Enhancing Kyiv’s Hard Power.” n.d.',
        '(“Security Assistance to Ukraine,” n.d.)',
        '(“Security Assistance to Ukraine,” n.d., para. {n})',
    ),
    ('security-assistance-enhances-kyiv-hard-power', 'original', 'harvard'): (
        'Security assistance to Ukraine is only enhancing Kyiv’s hard power (no date).',
        '(Security assistance to Ukraine is only enhancing Kyiv’s hard power, no date)',
        '(Security assistance to Ukraine is only enhancing Kyiv’s hard power, no date, para. {n})',
    ),
    # should-america-help-ukraine-hit-back: page
    ('should-america-help-ukraine-hit-back', 'page', 'apa'): (
        'Straus, I. (2026, November 23). Should America help Ukraine hit back inside Russia? (The explainer team, Ed.; Version 1.0). Explainer. https://example.org/explainer/articles/should-america-help-ukraine-hit-back/ (Original work published 2022)',
        '(Straus, 2022/2026)',
        '(Straus, 2022/2026, para. {n})',
    ),
    ('should-america-help-ukraine-hit-back', 'page', 'mla'): (
        'Straus, Ira. “Should America Help Ukraine Hit Back Inside Russia?” 1 Feb. 2022. Explainer, edited by The explainer team, Version 1.0, 23 Nov. 2026, https://example.org/explainer/articles/should-america-help-ukraine-hit-back/.',
        '(Straus)',
        '(Straus, par. {n})',
    ),
    ('should-america-help-ukraine-hit-back', 'page', 'chicago-nb'): (
        'Straus, Ira. “Should America Help Ukraine Hit Back Inside Russia?” Version 1.0. Edited by The explainer team. Explainer, November 23, 2026. https://example.org/explainer/articles/should-america-help-ukraine-hit-back/.',
        'Ira Straus, “Should America Help Ukraine Hit Back Inside Russia?” version 1.0, ed. The explainer team, Explainer, November 23, 2026, https://example.org/explainer/articles/should-america-help-ukraine-hit-back/.',
        'Ira Straus, “Should America Help Ukraine Hit Back Inside Russia?” version 1.0, ed. The explainer team, Explainer, November 23, 2026, para. {n}, https://example.org/explainer/articles/should-america-help-ukraine-hit-back/.',
    ),
    ('should-america-help-ukraine-hit-back', 'page', 'chicago-ad'): (
        'Straus, Ira. (2022) 2026. “Should America Help Ukraine Hit Back Inside Russia?” Version 1.0. Edited by The explainer team. Explainer, November 23. https://example.org/explainer/articles/should-america-help-ukraine-hit-back/.',
        '(Straus [2022] 2026)',
        '(Straus [2022] 2026, para. {n})',
    ),
    ('should-america-help-ukraine-hit-back', 'page', 'harvard'): (
        'Straus, I. (2026) Should America help Ukraine hit back inside Russia? Explainer. Edited by The explainer team. Version 1.0. Available at: https://example.org/explainer/articles/should-america-help-ukraine-hit-back/ (Accessed: 23 November 2026).',
        '(Straus, 2026)',
        '(Straus, 2026, para. {n})',
    ),
    # should-america-help-ukraine-hit-back: original
    ('should-america-help-ukraine-hit-back', 'original', 'apa'): (
        'Straus, I. (2022, February 1). Should America help Ukraine hit back inside Russia?',
        '(Straus, 2022)',
        '(Straus, 2022, para. {n})',
    ),
    ('should-america-help-ukraine-hit-back', 'original', 'mla'): (
        'Straus, Ira. Should America Help Ukraine Hit Back Inside Russia? 1 Feb. 2022.',
        '(Straus)',
        '(Straus)',
    ),
    ('should-america-help-ukraine-hit-back', 'original', 'chicago-nb'): (
        'Straus, Ira. “Should America Help Ukraine Hit Back Inside Russia?” February 1, 2022.',
        'Ira Straus, “Should America Help Ukraine Hit Back Inside Russia?” February 1, 2022.',
        'Ira Straus, “Should America Help Ukraine Hit Back Inside Russia?” February 1, 2022, para. {n}.',
    ),
    ('should-america-help-ukraine-hit-back', 'original', 'chicago-ad'): (
        'Straus, Ira. 2022. “Should America Help Ukraine Hit Back Inside Russia?” February 1.',
        '(Straus 2022)',
        '(Straus 2022, para. {n})',
    ),
    ('should-america-help-ukraine-hit-back', 'original', 'harvard'): (
        'Straus, I. (2022) Should America help Ukraine hit back inside Russia?',
        '(Straus, 2022)',
        '(Straus, 2022, para. {n})',
    ),
    # tides: page
    ('tides', 'page', 'apa'): (
        'Harbours and tides: A short survey of the ports of Portugal (Version 1.0). (2026, November 23). Explainer. https://example.org/explainer/articles/tides/',
        '(Harbours and Tides, 2026)',
        '(Harbours and Tides, 2026, para. {n})',
    ),
    ('tides', 'page', 'mla'): (
        '“Harbours and Tides: A Short Survey of the Ports of Portugal.” Explainer, Version 1.0, 23 Nov. 2026, https://example.org/explainer/articles/tides/.',
        '(“Harbours and Tides”)',
        '(“Harbours and Tides,” par. {n})',
    ),
    ('tides', 'page', 'chicago-nb'): (
        'Explainer. “Harbours and Tides: A Short Survey of the Ports of Portugal.” Version 1.0. November 23, 2026. https://example.org/explainer/articles/tides/.',
        '“Harbours and Tides: A Short Survey of the Ports of Portugal,” version 1.0, Explainer, November 23, 2026, https://example.org/explainer/articles/tides/.',
        '“Harbours and Tides: A Short Survey of the Ports of Portugal,” version 1.0, Explainer, November 23, 2026, para. {n}, https://example.org/explainer/articles/tides/.',
    ),
    ('tides', 'page', 'chicago-ad'): (
        'Explainer. 2026. “Harbours and Tides: A Short Survey of the Ports of Portugal.” Version 1.0. November 23. https://example.org/explainer/articles/tides/.',
        '(Explainer 2026)',
        '(Explainer 2026, para. {n})',
    ),
    ('tides', 'page', 'harvard'): (
        'Harbours and tides: a short survey of the ports of Portugal (2026) Explainer. Version 1.0. Available at: https://example.org/explainer/articles/tides/ (Accessed: 23 November 2026).',
        '(Harbours and tides: a short survey of the ports of Portugal, 2026)',
        '(Harbours and tides: a short survey of the ports of Portugal, 2026, para. {n})',
    ),
    # tides: original
    ('tides', 'original', 'apa'): (
        'Harbours and tides: A short survey of the ports of Portugal. (n.d.). Harbour Weekly. https://example.org/harbours',
        '(“Harbours and Tides,” n.d.)',
        '(“Harbours and Tides,” n.d., para. {n})',
    ),
    ('tides', 'original', 'mla'): (
        '“Harbours and Tides: A Short Survey of the Ports of Portugal.” Harbour Weekly, https://example.org/harbours.',
        '(“Harbours and Tides”)',
        '(“Harbours and Tides”)',
    ),
    ('tides', 'original', 'chicago-nb'): (
        'Harbour Weekly. “Harbours and Tides: A Short Survey of the Ports of Portugal.” n.d. https://example.org/harbours.',
        '“Harbours and Tides: A Short Survey of the Ports of Portugal,” Harbour Weekly, n.d., https://example.org/harbours.',
        '“Harbours and Tides: A Short Survey of the Ports of Portugal,” Harbour Weekly, n.d., para. {n}, https://example.org/harbours.',
    ),
    ('tides', 'original', 'chicago-ad'): (
        'Harbour Weekly. n.d. “Harbours and Tides: A Short Survey of the Ports of Portugal.” https://example.org/harbours.',
        '(Harbour Weekly, n.d.)',
        '(Harbour Weekly, n.d., para. {n})',
    ),
    ('tides', 'original', 'harvard'): (
        'Harbour Weekly (no date) ‘Harbours and tides: a short survey of the ports of Portugal’. Available at: https://example.org/harbours.',
        '(Harbour Weekly, no date)',
        '(Harbour Weekly, no date, para. {n})',
    ),
    # canals: page
    ('canals', 'page', 'apa'): (
        'Dias, C. (2026, November 23). The canals of Lisbon (The explainer team, Ed.; Version 1.0). Explainer. https://example.org/explainer/articles/canals/ (Original work published 2021)',
        '(Dias, 2021/2026)',
        '(Dias, 2021/2026, para. {n})',
    ),
    ('canals', 'page', 'mla'): (
        'Dias, Carla. “The Canals of Lisbon.” June 2021. Explainer, edited by The explainer team, Version 1.0, 23 Nov. 2026, https://example.org/explainer/articles/canals/.',
        '(Dias)',
        '(Dias, par. {n})',
    ),
    ('canals', 'page', 'chicago-nb'): (
        'Dias, Carla. “The Canals of Lisbon.” Version 1.0. Edited by The explainer team. Explainer, November 23, 2026. https://example.org/explainer/articles/canals/.',
        'Carla Dias, “The Canals of Lisbon,” version 1.0, ed. The explainer team, Explainer, November 23, 2026, https://example.org/explainer/articles/canals/.',
        'Carla Dias, “The Canals of Lisbon,” version 1.0, ed. The explainer team, Explainer, November 23, 2026, para. {n}, https://example.org/explainer/articles/canals/.',
    ),
    ('canals', 'page', 'chicago-ad'): (
        'Dias, Carla. (2021) 2026. “The Canals of Lisbon.” Version 1.0. Edited by The explainer team. Explainer, November 23. https://example.org/explainer/articles/canals/.',
        '(Dias [2021] 2026)',
        '(Dias [2021] 2026, para. {n})',
    ),
    ('canals', 'page', 'harvard'): (
        'Dias, C. (2026) The canals of Lisbon, Explainer. Edited by The explainer team. Version 1.0. Available at: https://example.org/explainer/articles/canals/ (Accessed: 23 November 2026).',
        '(Dias, 2026)',
        '(Dias, 2026, para. {n})',
    ),
    # canals: original
    ('canals', 'original', 'apa'): (
        'Dias, C. (2021). The canals of Lisbon. Canal Trust. https://example.org/canals.pdf',
        '(Dias, 2021)',
        '(Dias, 2021, para. {n})',
    ),
    ('canals', 'original', 'mla'): (
        'Dias, Carla. The Canals of Lisbon. Canal Trust, June 2021, https://example.org/canals.pdf.',
        '(Dias)',
        '(Dias)',
    ),
    ('canals', 'original', 'chicago-nb'): (
        'Dias, Carla. The Canals of Lisbon. Canal Trust, 2021. https://example.org/canals.pdf.',
        'Carla Dias, The Canals of Lisbon (Canal Trust, 2021), https://example.org/canals.pdf.',
        'Carla Dias, The Canals of Lisbon (Canal Trust, 2021), para. {n}, https://example.org/canals.pdf.',
    ),
    ('canals', 'original', 'chicago-ad'): (
        'Dias, Carla. 2021. The Canals of Lisbon. Canal Trust. https://example.org/canals.pdf.',
        '(Dias 2021)',
        '(Dias 2021, para. {n})',
    ),
    ('canals', 'original', 'harvard'): (
        'Dias, C. (2021) The canals of Lisbon. Canal Trust. Available at: https://example.org/canals.pdf.',
        '(Dias, 2021)',
        '(Dias, 2021, para. {n})',
    ),
}
"""(article, "page" or "original", style) → (reference entry, in-text citation or first
note, one-paragraph pinpoint with `{n}`), as plain text."""


@pytest.mark.parametrize("key", sorted(EXPECTED), ids=["-".join(k) for k in sorted(EXPECTED)])
def test_cite_box_strings(
    citations: Citations, every_original_findable: Citations, key: tuple[str, str, str]
) -> None:
    slug, role, style = key
    offered = role == "page" or slug not in UNFINDABLE
    form = _forms(citations if offered else every_original_findable, slug)[style][role]
    entry, short, one = EXPECTED[key]
    assert csl.html_to_text(form["entryHtml"]) == entry
    assert csl.html_to_text(form["shortHtml"]) == short
    assert form["one"] == one


def test_every_style_and_role_is_checked() -> None:
    assert {k[2] for k in EXPECTED} == {s.key for s in csl.STYLES}
    assert len(EXPECTED) == 4 * 2 * len(csl.STYLES)


def test_italic_titles_stay_italic_in_text(citations: Citations) -> None:
    """A page with no author is cited in text by its italic, shortened title (APA 7 §8.14)."""
    form = _forms(citations, "tides")["apa"]["page"]
    assert form["shortHtml"] == "(<i>Harbours and Tides</i>, 2026)"


def test_ibid_chain_is_one_source_cited_by_every_note(citations: Citations) -> None:
    """Notes 2 and 3 ("Ibid., 14." and "Ibid.") repeat note 1: one bibliography entry that
    lists all three notes, and each note's footnote shows that source."""
    (source,) = [s for s in citations.sources.sources if any(c.slug == "canals" for c in s.cited_in)]
    assert [(c.slug, c.label) for c in source.cited_in] == [("canals", "1"), ("canals", "2"), ("canals", "3")]
    assert source.item["type"] == "chapter"
    notes = citations.note_sources["canals"]
    assert notes["1"] == notes["2"] == notes["3"]
    assert "Lee, A. (1990). Canals and cities. In B. Kim (Ed.), <i>A history of trade</i> (pp. 12–30). Harbour Press." in notes["1"]


def test_only_an_original_a_reader_can_find_is_offered(citations: Citations) -> None:
    """The project's originals (no outlet, no address) are not in the data, the box or the
    downloads; their row says where they were first published, as far as that is known. The
    invented ones (an outlet and an address) are offered."""
    for slug, box in citations.boxes.items():
        unfindable = slug in UNFINDABLE
        assert all(set(by_role) == ({"page"} if unfindable else {"page", "original"}) for by_role in _forms(citations, slug).values())
        assert ('data-ex-role="original"' in box) is not unfindable
        assert ("--original" in citations.files[f"cite/{slug}.json"]) is not unfindable
        assert ("Download both references:" in box) is not unfindable
    straus = citations.boxes["should-america-help-ukraine-hit-back"]
    assert '<p class="ex-cite-published">Originally published: 1 February 2022, by Ira Straus; where is not known.</p>' in straus
    unsigned = citations.boxes["security-assistance-enhances-kyiv-hard-power"]
    assert "Originally published: outlet and date not known." in unsigned
    assert "Download the reference of this page:" in unsigned
    assert "ex-cite-published" not in citations.boxes["canals"]


def test_incomplete_original_is_said_on_the_page(citations: Citations) -> None:
    """The box says what the original's reference lacks; a complete one gets no such note."""
    assert "no outlet or publisher; no URL: APA and MLA need one" in citations.boxes["should-america-help-ukraine-hit-back"]
    assert "ex-cite-gap" not in citations.boxes["canals"]
