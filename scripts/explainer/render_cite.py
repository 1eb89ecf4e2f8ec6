"""Render citations: the "Cite this page" box, footnote sources, the bibliography, `<head>` tags.

Formatted citations arrive as HTML from citeproc-js (already escaped, and held to an
allow-list of its few tags by [sanitize_html][explainer.csl.sanitize_html], cached or not;
cite.js inserts the data's HTML through the same allow-list). They go into the Markdown either as raw HTML blocks (kept whole by Python-Markdown) or, inline, with every
character Markdown would act on written as an entity by
[markdown_safe_html][explainer.render_cite.markdown_safe_html].

The style tabs are Material's tab markup (`.tabbed-set`), so Material styles them, links
them across pages and remembers the reader's choice; which style is shown elsewhere on the
page (footnotes, bibliography entries) follows the checked tab through CSS `:has()`. The cite
box carries its first style as HTML and every style as data, which cite.js turns into the
other tabs' panels.
"""

from __future__ import annotations

import html
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from explainer.cite import (
    CitedIn,
    MetaTag,
    OriginalPublication,
    Source,
    StyledCitation,
    one_line,
    script_json,
)
from explainer.csl import STYLES, CslItem, html_to_text, sanitize_html
from explainer.markdown_ext import note_key
from explainer.render import escape, format_date, join_names
from explainer.textutil import filing_key

BIBLIOGRAPHY_URI = "bibliography.md"
"""The site bibliography page."""

_TAG_OR_ENTITY = re.compile(r"(<[^>]*>|&#?\w+;)")
_MARKDOWN_ACTIVE = re.compile(r"[\\`*_\[\]{}|!#:~=^]")


def markdown_safe_html(fragment: str) -> str:
    """An HTML fragment that Markdown will pass through untouched.

    Characters Markdown acts on (`*`, `_`, `[`, backslash…) are written as numeric entities
    in the text between tags; the tags themselves are kept.

    Examples:
        >>> markdown_safe_html("<i>A_b*c</i> [1] &#38;")
        '<i>A&#95;b&#42;c</i> &#91;1&#93; &#38;'
    """
    out = []
    for part in _TAG_OR_ENTITY.split(fragment):
        if _TAG_OR_ENTITY.fullmatch(part):
            out.append(part)
        else:
            out.append(_MARKDOWN_ACTIVE.sub(lambda m: f"&#{ord(m.group(0))};", part))
    return "".join(out)


def style_switch(set_name: str, panels: Sequence[str] | None = None) -> str:
    """Material's tab markup with one tab per citation style.

    Args:
        set_name: Unique name of the radio group on the page.
        panels: HTML of each tab's panel (none: empty panels, the tabs only switch styles).

    Returns:
        One line of HTML (no blank lines, so Markdown keeps it as one raw block).
    """
    inputs = "".join(
        f'<input{" checked" if i == 0 else ""} id="{set_name}-{style.key}" name="{set_name}" '
        f'type="radio" data-ex-style="{style.key}">'
        for i, style in enumerate(STYLES)
    )
    labels = "".join(
        f'<label for="{set_name}-{style.key}">{style.label}</label>' for style in STYLES
    )
    blocks = "".join(
        f'<div class="tabbed-block">{panels[i] if panels else ""}</div>' for i in range(len(STYLES))
    )
    return (
        f'<div class="tabbed-set tabbed-alternate ex-style-switch" data-tabs="1:{len(STYLES)}">'
        f'{inputs}<div class="tabbed-labels">{labels}</div>'
        f'<div class="tabbed-content">{blocks}</div></div>'
    )


def styled_spans(entries: Mapping[str, str], css_class: str) -> str:
    """One span per style; CSS shows the one whose tab is checked (APA when none is)."""
    return "".join(
        f'<span class="{css_class}" data-ex-style="{style.key}">{entries.get(style.key, "")}</span>'
        for style in STYLES
    )


@dataclass(frozen=True)
class PageCitations:
    """Everything the cite box of one article page shows."""

    styles: dict[str, dict[str, StyledCitation]]
    """`{style key: {"page" | "original": StyledCitation}}`."""
    page: CslItem
    original: CslItem
    downloads: dict[str, str]
    """Relative links to the `.bib`, `.ris` and `.json` files, by format name."""
    edition_line: str
    """"Edition 1.0 of 23 November 2026" or empty."""
    original_gaps: tuple[str, ...] = ()
    """What the original's reference lacks for a reader to find it ([original_gaps][explainer.cite.original_gaps])."""
    original_retrievable: bool = True
    """Whether the original can be found from its reference
    ([original_retrievable][explainer.cite.original_retrievable]). If not, the box offers no
    reference of it (no entry, in-text form or copy button, nothing in the data): its row says
    only where it was first published (`publication`)."""
    publication: OriginalPublication = OriginalPublication()
    """What is known of the original's first publication, for that row."""

    @property
    def roles(self) -> tuple[str, ...]:
        """The references the box offers: this page, and the original when it can be found."""
        return ("page", "original") if self.original_retrievable else ("page",)


_ROLE_LABELS = {"page": "This explainer page", "original": "The original article"}


def publication_line(publication: OriginalPublication) -> str:
    """What is known of where, when and by whom the original was published, and what is not
    (HTML, escaped): the box's row for an original that cannot be cited.

    Examples:
        >>> from explainer.model import PartialDate
        >>> publication_line(OriginalPublication(("Ann Lee",), PartialDate(2022, 2, 1)))
        'Originally published: 1 February 2022, by Ann Lee; where is not known.'
        >>> publication_line(OriginalPublication(outlet="The Daily Record & Post"))
        'Originally published: in The Daily Record &amp; Post; when is not known.'
        >>> publication_line(OriginalPublication(("Ann Lee", "Bo Chen")))
        'Originally published: by Ann Lee and Bo Chen; outlet and date not known.'
    """
    outlet, date = publication.outlet, format_date(publication.date)
    known = [
        f"in {outlet}" if outlet else "",
        date,
        f"by {join_names(publication.authors)}" if publication.authors else "",
    ]
    unknown = (
        "outlet and date not known" if not (outlet or date)
        else "where is not known" if not outlet
        else "when is not known" if not date
        else ""
    )
    said = "; ".join(part for part in (", ".join(p for p in known if p), unknown) if part)
    return html.escape(f"Originally published: {said}.", quote=False)


def _origin_row(publication: OriginalPublication) -> str:
    """The original's row when it cannot be cited: its label and its publication line."""
    return (
        f'<div class="ex-cite-origin"><p class="ex-cite-role">{_ROLE_LABELS["original"]}</p>'
        f'<p class="ex-cite-published">{publication_line(publication)}</p></div>'
    )


NO_SCRIPT_PANEL = (
    '<p class="ex-cite-noscript">This style is shown by the page\'s script; without it, '
    "use APA 7 or the downloads below.</p>"
)
"""What a style's tab holds until cite.js fills it in (and in browsers without scripts)."""


def _copyable(element_id: str, inner: str, what: str) -> str:
    return (
        f'<span class="ex-cite-text" id="{element_id}">{inner}</span> '
        f'<button type="button" class="ex-copy md-button" data-ex-copy="{element_id}" '
        f'aria-label="Copy {html.escape(what, quote=True)}">Copy</button>'
    )


LATER_LABEL = "Later notes"
"""Label of a note style's short note, for citations after the first (Chicago 18 14.29)."""


def _panel(
    style_key: str,
    citations: Mapping[str, StyledCitation],
    note_style: bool,
    roles: Sequence[str] = ("page", "original"),
) -> str:
    """One style's panel: a row with the entry and the in-text form (or note) of each role."""
    rows = []
    for role in roles:
        cited = citations[role]
        label = _ROLE_LABELS[role]
        short_label = "Note" if note_style else "In text"
        later = (
            f'<p class="ex-cite-later"><span class="ex-cite-kind">{LATER_LABEL}:</span> '
            f"{_copyable(f'cite-{style_key}-{role}-later', cited.later, f'{label} {LATER_LABEL.lower()}')}</p>"
            if note_style and cited.later
            else ""
        )
        rows.append(
            f'<div class="ex-cite-item" data-ex-role="{role}"><p class="ex-cite-role">{label}</p>'
            f'<p class="ex-cite-entry">{_copyable(f"cite-{style_key}-{role}", cited.entry, f"{label} reference")}</p>'
            f'<p class="ex-cite-short"><span class="ex-cite-kind">{short_label}:</span> '
            f"{_copyable(f'cite-{style_key}-{role}-short', cited.short, f'{label} {short_label.lower()}')}</p>"
            f"{later}</div>"
        )
    return "".join(rows)


def cite_forms(cited: StyledCitation) -> dict[str, str]:
    """What cite.js and notes.js get of one citation: the pinpoint templates as text (for
    plain-text copies) and as HTML (keeping the processor's italics: `(<i>Rents Rise
    Again</i>, 2026, para. {n})`), the entry and the short form; in a note style also the
    later short note. Every HTML form passes [sanitize_html][explainer.csl.sanitize_html].

    Examples:
        >>> c = StyledCitation("Lee, A. <i>Rents</i>.", "(<i>Rents</i>)", "(<i>Rents</i>, {n})",
        ...                    "(<i>Rents</i>, {n}–{m})")
        >>> cite_forms(c)["one"], cite_forms(c)["oneHtml"]
        ('(Rents, {n})', '(<i>Rents</i>, {n})')
    """
    forms = {
        "one": html_to_text(cited.pinpoint),
        "range": html_to_text(cited.pinpoint_range),
        "oneHtml": sanitize_html(cited.pinpoint),
        "rangeHtml": sanitize_html(cited.pinpoint_range),
        "entryHtml": cited.entry,
        "shortHtml": cited.short,
    }
    if cited.later:
        forms |= {
            "laterHtml": sanitize_html(cited.later),
            "laterOne": html_to_text(cited.later_pinpoint),
            "laterRange": html_to_text(cited.later_range),
            "laterOneHtml": sanitize_html(cited.later_pinpoint),
            "laterRangeHtml": sanitize_html(cited.later_range),
        }
    return forms


def _downloads_label(citations: PageCitations) -> str:
    """What the download links hold: both references, or only the page's when the original
    cannot be cited."""
    return "Download both references" if citations.original_retrievable else "Download the reference of this page"


def cite_box(citations: PageCitations, how_to_cite_href: str, bibliography_href: str) -> str:
    """The "Cite this page" section of an article page (Markdown with raw HTML blocks).

    Args:
        citations: The page's formatted citations and download links.
        how_to_cite_href: Relative link to the "How to cite" page.
        bibliography_href: Relative link to the bibliography page.

    Returns:
        Markdown: heading, edition stamp, tabs, downloads and the data the pinpoint script uses.
    """
    box = _permalink(citations) + _cite_tabs(citations) + _gap_note(citations.original_gaps)
    data = script_json(_cite_data(citations))
    return "\n".join(
        [
            "## Cite this page { #cite }\n",
            _edition_stamp(citations.edition_line, how_to_cite_href) + "\n{ .ex-edition }\n",
            f'<div class="ex-cite" data-ex-cite>{box}</div>\n',
            _downloads_line(citations, bibliography_href),
            f'<script type="application/json" id="ex-cite-data">{data}</script>\n',
        ]
    )


def _cite_tabs(citations: PageCitations) -> str:
    """The style tabs: only the first style's panel is HTML (with the original's row when it
    cannot be cited); cite.js fills the others from the data, which keeps a page small (five
    panels were a third of a short article's page)."""
    first = STYLES[0]
    origin = "" if citations.original_retrievable else _origin_row(citations.publication)
    panels = [_panel(first.key, citations.styles[first.key], first.note, citations.roles) + origin]
    panels += [NO_SCRIPT_PANEL] * (len(STYLES) - 1)
    return style_switch("ex-cite-style", panels)


def _cite_data(citations: PageCitations) -> dict[str, object]:
    """What cite.js gets: the styles, the page's address and every style's
    [cite_forms][explainer.render_cite.cite_forms] of each reference the box offers."""
    forms = {
        style.key: {role: cite_forms(citations.styles[style.key][role]) for role in citations.roles}
        for style in STYLES
    }
    return {
        "styles": [{"key": s.key, "label": s.label, "note": s.note} for s in STYLES],
        "url": str(citations.page.get("URL", "")),
        "citations": forms,
    }


def _permalink(citations: PageCitations) -> str:
    """The page's permanent address as a paragraph (HTML), or empty if it has none."""
    url = str(citations.page.get("URL", ""))
    return (
        f'<p class="ex-permalink">Permanent address of this page: <a href="{html.escape(url, quote=True)}">'
        f"{html.escape(url)}</a></p>"
        if url
        else ""
    )


def _edition_stamp(edition: str, how_to_cite_href: str) -> str:
    """Which edition the reader has and where to read how to cite a fixed one (Markdown);
    without an edition, only the link to "How to cite"."""
    return (
        f"You are reading **{edition}**. Later editions may change this page, so the citations "
        f"below name the edition and its date. [How to cite a fixed edition]({how_to_cite_href}#fixed-edition)."
        if edition
        else f"[How to cite these pages]({how_to_cite_href})."
    )


def _gap_note(gaps: Sequence[str]) -> str:
    """The warning that the original's reference is incomplete, naming what it lacks (HTML),
    or empty."""
    return (
        '<p class="ex-cite-gap"><strong>The reference of the original article is incomplete</strong> ('
        + html.escape("; ".join(gap.split(" (sidecar")[0] for gap in gaps))
        + "). Cite this page, which is what you read; cite the original only once you have found it.</p>"
        if gaps
        else ""
    )


def _downloads_line(citations: PageCitations, bibliography_href: str) -> str:
    """The download links and the pointer to the bibliography (a Markdown paragraph)."""
    downloads = " · ".join(
        f"[{name}]({href}){{ download }}" for name, href in citations.downloads.items()
    )
    return (
        f"{_downloads_label(citations)}: {downloads}. Every source the notes cite is in the "
        f"[bibliography]({bibliography_href}). Click a paragraph number to cite that paragraph.\n"
        "{ .ex-cite-downloads }\n"
    )


def footnote_source(key: str, entries: Mapping[str, str], bibliography_href: str) -> str:
    """The formatted source appended to a footnote, in every style, with its bibliography link."""
    spans = styled_spans({k: markdown_safe_html(v) for k, v in entries.items()}, "ex-styled")
    return (
        f' <span class="ex-fn-source">{spans}</span> '
        f"[In the bibliography]({bibliography_href}#src-{key}){{ .ex-fn-bib }}"
    )


def bibliography_page(
    sources: Sequence[Source],
    entries: Mapping[str, Mapping[str, str]],
    coins: Mapping[str, str],
    article_hrefs: Mapping[str, str],
    downloads: Mapping[str, str],
) -> str:
    """The site bibliography: every source once, in every style, with where it is cited.

    Args:
        sources: The de-duplicated sources.
        entries: `{style key: {source key: entry HTML}}`.
        coins: COinS query string by source key.
        article_hrefs: Relative link from the bibliography to each article, by slug.
        downloads: Relative links to the whole bibliography as `.bib`, `.ris`, `.json`.

    Returns:
        The Markdown page.
    """
    out = [
        "---\ntitle: Bibliography\nsearch:\n  boost: 0.5\n---\n",
        "# Bibliography\n",
        "Every work cited in the notes of the articles, once, with the notes that cite it.\n",
        "Pick a citation style; your choice also applies to the cite box on every article.\n"
        "{ .ex-screen-only }\n",
        style_switch("ex-bib-style") + "\n",
    ]
    if not sources:
        out.append("No article cites a source in its notes yet.\n")
        return "\n".join(out)
    links = " · ".join(f"[{name}]({href}){{ download }}" for name, href in downloads.items())
    out.append(f"Download the whole bibliography: {links}.\n{{ .ex-cite-downloads }}\n")
    positions = _style_orders(sources, entries)
    items = []
    for source in sorted(sources, key=lambda s: (positions[STYLES[0].key][s.key], s.key)):
        spans = styled_spans(
            {
                style.key: markdown_safe_html(entries[style.key].get(source.key, ""))
                for style in STYLES
            },
            "ex-styled",
        )
        z3988 = f'<span class="Z3988" title="{html.escape(coins[source.key], quote=True)}"></span>'
        order = ";".join(f"--ex-order-{style.key}:{positions[style.key][source.key]}" for style in STYLES)
        items.append(
            f'<li style="{order}" markdown="block">\n'
            f'<span id="src-{source.key}" class="ex-bib-entry">{spans}</span>{z3988}  \n'
            f"Cited in: {_cited_in_links(source.cited_in, article_hrefs)}\n</li>"
        )
    out.append('<ul class="ex-bib-list" markdown="block">\n' + "\n".join(items) + "\n</ul>\n")
    return "\n".join(out)


def _style_orders(
    sources: Sequence[Source], entries: Mapping[str, Mapping[str, str]]
) -> dict[str, dict[str, int]]:
    """Each style's own order of the sources: the order of its processor's bibliography
    (author, then date or title, as the style sorts), sources it left out last by text."""
    orders: dict[str, dict[str, int]] = {}
    for style in STYLES:
        listed = [key for key in entries.get(style.key, {}) if key in {s.key for s in sources}]
        rest = sorted(
            (s.key for s in sources if s.key not in set(listed)),
            key=lambda key: (html_to_text(entries.get(STYLES[0].key, {}).get(key, "")).lower(), key),
        )
        if style.files_numbers_as_words:
            listed = _file_numbers_as_words(listed, entries[style.key])
        orders[style.key] = {key: n for n, key in enumerate(listed + rest, start=1)}
    return orders


def _file_numbers_as_words(listed: list[str], entries: Mapping[str, str]) -> list[str]:
    """The processor's order, with each entry that starts with a number moved to where its
    spelled-out number files it ([filing_key][explainer.textutil.filing_key])."""
    keys = {key: filing_key(html_to_text(entries.get(key, ""))) for key in listed}
    numeric = [key for key in listed if re.match(r"^[“\"‘'(\[]*\d", html_to_text(entries.get(key, "")).strip())]
    order = [key for key in listed if key not in numeric]
    for key in numeric:
        at = next((i for i, other in enumerate(order) if keys[other] > keys[key]), len(order))
        order.insert(at, key)
    return order


def _cited_in_links(cited_in: Sequence[CitedIn], href_of: Mapping[str, str]) -> str:
    """"Cited in" as Markdown: each article's title and links to the notes that cite it."""
    groups: dict[str, list[CitedIn]] = {}
    for cite in cited_in:
        groups.setdefault(cite.slug, []).append(cite)
    parts = []
    for slug, cites in groups.items():
        title = markdown_safe_html(html.escape(one_line(cites[0].title)))
        labels = ", ".join(
            f"[\\[{escape(c.label)}\\]]({href_of[slug]}#fn:{note_key(c.label)})" for c in cites
        )
        parts.append(f"*{title}* (note{'s' if len(cites) > 1 else ''} {labels})")
    return "; ".join(parts)


def head_html(tags: Sequence[MetaTag], json_ld: object) -> str:
    """`<meta>` tags and the JSON-LD script for a page's `<head>` (all text escaped)."""
    lines = ['<link rel="schema.DC" href="http://purl.org/dc/elements/1.1/">']
    for attribute, name, content in tags:
        lines.append(
            f'<meta {attribute}="{html.escape(name, quote=True)}" content="{html.escape(content, quote=True)}">'
        )
    lines.append(f'<script type="application/ld+json">{script_json(json_ld)}</script>')
    return "\n".join(lines)
