"""Models → Markdown strings. The only module that knows Markdown syntax.

All text that comes from a source goes through [escape][explainer.render.escape], so that
nothing in an article is read as Markdown, HTML or a template: a `<script>` is shown, not run.
"""

from __future__ import annotations

import html
import posixpath
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import yaml

from explainer.argument import MainPoints, Unit
from explainer.entities import Entity
from explainer.glossary import Term, by_letter
from explainer.matching import PhraseMatch, PhraseUse
from explainer.model import Article, Note, Paragraph, PartialDate
from explainer.notes import MARKER_RE, source_reference
from explainer.related import DatedMention, Related
from explainer.textutil import slugify

GLOSSARY_URI = "glossary.md"
"""The generated glossary page."""
COMPARE_URI = "compare.md"
"""The generated page comparing articles."""

_INLINE_SPECIAL = re.compile(r"([\\`*_{}\[\]|])")
_LINE_START = re.compile(r"^(\s*)([#+\-]|\d+(?=[.)])|[:=!?~])")
_ENTITIES = {":": "&#58;", "=": "&#61;", "!": "&#33;", "?": "&#63;", "~": "&#126;"}
_URL_RE = re.compile(r"https?://[^\s<>\"”\]]+[^\s<>\"”\].,;:)]")

MONTH_NAMES = (
    "January February March April May June July August September October November December".split()
)
"""English month names for displayed dates."""


def escape(text: str) -> str:
    """Escape plain text so Markdown shows it as it is.

    Backslash-escapes Markdown punctuation, turns `<`, `>` and `&` into entities (so HTML
    and entities in a source are shown, not interpreted) and neutralises line starts that
    would begin a heading, list, rule or definition.

    Args:
        text: Plain text from a source (may contain newlines).

    Returns:
        Markdown that renders to exactly that text.

    Examples:
        >>> escape("<script>alert(1)</script> *not bold* [^1]")
        '&lt;script&gt;alert(1)&lt;/script&gt; \\\\*not bold\\\\* \\\\[^1\\\\]'
        >>> escape("1. not a list")
        '1\\\\. not a list'
    """
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    text = _INLINE_SPECIAL.sub(r"\\\1", text)
    lines = []
    for line in text.split("\n"):
        match = _LINE_START.match(line)
        if match:
            indent, start = match.groups()
            indent = indent[:3]  # four spaces would start a code block
            if start in _ENTITIES:
                line = indent + _ENTITIES[start] + line[match.end() :]
            elif start.isdigit():
                line = indent + start + "\\" + line[match.end() :]
            else:
                line = indent + "\\" + line[len(indent) :]
        lines.append(re.sub(r"^[ \t]{4,}", "   ", line))
    return "\n".join(lines)


def escape_with_links(text: str) -> str:
    """Escape text but turn web addresses in it into links.

    Args:
        text: Plain text, such as a note.

    Returns:
        Markdown.
    """
    out: list[str] = []
    last = 0
    for match in _URL_RE.finditer(text):
        out.append(escape(text[last : match.start()]))
        out.append(f"<{match.group(0)}>")
        last = match.end()
    out.append(escape(text[last:]))
    return "".join(out)


def format_date(date: PartialDate | None) -> str:
    """Show a date for readers: `1 February 2022`, `December 1909`, `1910`.

    Args:
        date: The date, or `None`.

    Returns:
        The date as text, or an empty string.
    """
    if date is None:
        return ""
    if date.month is None:
        return str(date.year)
    month = MONTH_NAMES[date.month - 1]
    return f"{date.day} {month} {date.year}" if date.day else f"{month} {date.year}"


def join_names(names: Sequence[str]) -> str:
    """Join names as in a byline: `A`, `A and B`, `A, B and C`.

    Args:
        names: Names.

    Returns:
        The names joined.
    """
    if len(names) <= 2:
        return " and ".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]


@dataclass(frozen=True)
class Crosslinks:
    """What an article page needs from the glossary, the entities and the other articles."""

    term_links: dict[int, list[PhraseMatch]]
    """Term occurrences to link, by paragraph number."""
    terms: tuple[Term, ...]
    """Every term linked on the page, for the hidden definitions the popovers show."""
    entity_links: dict[int, list[PhraseMatch]] = field(default_factory=dict)
    """Entity mentions to link, by paragraph number."""
    entity_pages: dict[str, str] = field(default_factory=dict)
    """Index page (`people.md`…) of each entity, by entity slug."""
    related: tuple[Related, ...] = ()
    """Related articles, most similar first."""
    argument: MainPoints | None = None
    """The argument summary's main points."""
    cite_box: str = ""
    """The "Cite this page" section (Markdown)."""
    note_sources: dict[str, str] = field(default_factory=dict)
    """Formatted source to append to each footnote, by note label."""


InlineLink = tuple[PhraseMatch, str, str]
"""A phrase to link: the match, the link target and the attribute list (`.ex-term …`)."""


def _inline_markdown(text: str, labels: set[str], links: Sequence[InlineLink] = ()) -> str:
    """Escape text; turn note markers into footnote references and phrases into links.

    Where links overlap, the one listed first wins (glossary terms before entities).
    """
    spans: list[tuple[int, int, int, str]] = []
    for match in MARKER_RE.finditer(text):
        if match.group(2) in labels:
            spans.append((match.start(), 0, match.end(), f"[^{match.group(2)}]"))
    for priority, (phrase, href, attrs) in enumerate(links, start=1):
        spans.append(
            (phrase.start, priority, phrase.end, f"[{escape(phrase.text)}]({href}){{ {attrs} }}")
        )
    out: list[str] = []
    last = 0
    for start, _, end, markdown in sorted(spans):
        if start < last:
            continue
        out.append(escape(text[last:start]))
        out.append(markdown)
        last = end
    out.append(escape(text[last:]))
    return "".join(out)


def template_text(text: str) -> str:
    """Escape text that MkDocs templates print as HTML without escaping (titles, descriptions).

    Args:
        text: Plain text from a source.

    Returns:
        The text with `&`, `<`, `>` and quotes as entities.
    """
    return html.escape(text, quote=True)


def front_matter(data: dict[str, object]) -> str:
    """YAML front matter for a generated page.

    Strings (also inside lists) are HTML-escaped with
    [template_text][explainer.render.template_text], because the theme prints them raw
    into `<title>`, `<meta>` and the navigation.

    Args:
        data: Keys and values; values are quoted safely by the YAML dumper.

    Returns:
        The front matter block, ending with a blank line.
    """
    safe = {
        key: template_text(value)
        if isinstance(value, str)
        else [template_text(v) for v in value]
        if isinstance(value, list)
        else value
        for key, value in data.items()
    }
    dumped = yaml.safe_dump(safe, allow_unicode=True, sort_keys=False, width=1_000_000)
    return f"---\n{dumped}---\n\n"


def paragraph(
    par: Paragraph,
    labels: set[str],
    links: Sequence[InlineLink] = (),
    argrefs: Sequence[tuple[str, str]] = (),
) -> str:
    """One numbered paragraph with its anchor and pinpoint link.

    Args:
        par: The paragraph.
        labels: Labels of the article's notes.
        links: Glossary terms and entities to link in this paragraph.
        argrefs: `(anchor, label)` of argument-summary items taken from this paragraph.

    Returns:
        Markdown for the paragraph, ending with its attribute list.
    """
    link = f'[{par.number}](#p-{par.number}){{ .ex-pnum title="Paragraph {par.number}" }}'
    body = _inline_markdown(par.text, labels, links)
    for anchor, label in argrefs:
        body += f' [{label}](#{anchor}){{ .ex-argref title="In the argument summary: {label}" }}'
    if par.kind == "verse":
        body = "  \n".join(body.split("\n"))
        return f"{link} {body}\n{{ #p-{par.number} .ex-para .ex-verse }}"
    return f"{link} {body}\n{{ #p-{par.number} .ex-para }}"


def _note_markdown(note: Note, notes: Sequence[Note], source: str = "") -> str:
    # "…, May 1, 2019:" : a colon left dangling where a scraper dropped the web address.
    text = escape_with_links(note.text.rstrip().removesuffix(":"))
    if note.repeats:
        target = source_reference(note, notes)
        target_text = escape_with_links(target.raw.rstrip().removesuffix(":"))
        text += f" *Same source as note [{note.repeats}](#fn:{note.repeats}):* {target_text}"
    return f"[^{note.label}]: {text}{source}"


def meta_line(article: Article) -> str:
    """The line under the title: byline, date, topic, region.

    Args:
        article: The article.

    Returns:
        Markdown, or an empty string when there is nothing to say.
    """
    parts: list[str] = []
    if article.authors:
        parts.append("By " + escape(join_names(article.authors)))
    if article.date:
        parts.append(f'<time datetime="{article.date.iso()}">{format_date(article.date)}</time>')
    if article.topics:
        parts.append("Topic: " + escape(", ".join(article.topics)))
    if article.regions:
        parts.append("Region: " + escape(", ".join(article.regions)))
    if not parts:
        return ""
    return " · ".join(parts) + "\n{ .ex-meta }"


def source_box(article: Article) -> str:
    """The "Source" admonition: where the text came from.

    Args:
        article: The article.

    Returns:
        Markdown for a Material admonition.
    """
    meta = article.sidecar
    rows: list[str] = []
    title = escape(article.title)
    rows.append(
        f"- **Original title:** [{title}](<{meta.url}>)"
        if meta.url
        else f"- **Original title:** {title}"
    )
    if article.authors:
        rows.append("- **Author:** " + escape(join_names(article.authors)))
    if article.date:
        rows.append("- **Published:** " + format_date(article.date))
    if meta.publisher:
        rows.append("- **Publisher:** " + escape(meta.publisher))
    if article.image and article.image.credit:
        rows.append("- **Image credit:** " + escape(article.image.credit))
    rows.append(
        "- **Licence:** " + (escape(meta.licence) if meta.licence else "not stated in the source")
    )
    if meta.provenance:
        rows.append("- **This copy:** " + escape_with_links(meta.provenance))
    rows.append(f"- **Source file:** `{posixpath.basename(article.source)}`")
    if article.removed:
        rows.append(
            f"- **Removed:** {len(article.removed)} line(s) of web page furniture (comment form, repeated title…)"
        )
    body = "\n".join("    " + row for row in rows)
    return f'!!! info "Source"\n\n{body}\n'


def definitions_block(terms: Sequence[Term], glossary_href: str) -> str:
    """Hidden definitions of the terms on a page, shown by the popover script and in print.

    Args:
        terms: Terms linked on the page.
        glossary_href: Relative link to the glossary page.

    Returns:
        Markdown (HTML blocks with `markdown` attributes), or an empty string.
    """
    if not terms:
        return ""
    parts = ['<div class="ex-defs" hidden markdown>\n']
    for term in sorted(terms, key=lambda t: t.term.lower()):
        see = ", ".join(
            f'[{escape(name)}]({glossary_href}#term-{slugify(name)}){{ .ex-term data-term="{slugify(name)}" }}'
            for name in term.see_also
        )
        parts.append(
            f'<div class="ex-def" id="def-{term.slug}" data-term="{term.slug}" markdown>\n'
        )
        parts.append(f"**{escape(term.term)}**\n{{ .ex-def__term }}\n")
        parts.append(term.definition + "\n")
        if see:
            parts.append(f"See also: {see}\n{{ .ex-def__see }}\n")
        parts.append("</div>\n")
    parts.append("</div>\n")
    return "\n".join(parts)


def _paragraph_links(article: Article, number: int, cross: Crosslinks) -> list[InlineLink]:
    page = article_uri(article.slug)
    glossary = relative_link(GLOSSARY_URI, page)
    links: list[InlineLink] = [
        (m, f"{glossary}#term-{m.slug}", f'.ex-term data-term="{m.slug}"')
        for m in cross.term_links.get(number, [])
    ]
    for m in cross.entity_links.get(number, []):
        target = relative_link(cross.entity_pages[m.slug], page)
        links.append((m, f"{target}#entity-{m.slug}", ".ex-entity"))
    return links


def _argument_anchors(points: MainPoints) -> list[tuple[Unit, str, str]]:
    """Every shown unit with its anchor in the summary and a short label."""
    anchors: list[tuple[Unit, str, str]] = [(u, "arg-thesis", "thesis") for u in points.thesis]
    for n, (claim, evidence) in enumerate(points.claims, start=1):
        anchors.append((claim, f"arg-claim-{n}", f"claim {n}"))
        anchors += [
            (u, f"arg-claim-{n}-e{i}", f"evidence {n}") for i, u in enumerate(evidence, start=1)
        ]
    anchors += [
        (u, f"arg-concession-{n}", f"concession {n}")
        for n, u in enumerate(points.concessions, start=1)
    ]
    anchors += [
        (u, f"arg-rec-{n}", f"recommendation {n}")
        for n, u in enumerate(points.recommendations, start=1)
    ]
    return anchors


def argument_backlinks(points: MainPoints) -> dict[int, list[tuple[str, str]]]:
    """For each paragraph, links back to the summary items taken from it.

    Args:
        points: The main points shown in the summary.

    Returns:
        `(anchor, label)` pairs by paragraph number, in the order of the summary.
    """
    links: dict[int, list[tuple[str, str]]] = {}
    for unit, anchor, label in _argument_anchors(points):
        if (anchor, label) not in links.setdefault(unit.paragraph, []):
            links[unit.paragraph].append((anchor, label))
    return links


def _quote(unit: Unit) -> str:
    return escape(re.sub(r"\s+", " ", MARKER_RE.sub("", unit.text)).strip())


def _node(unit: Unit, anchor: str) -> str:
    """One item of the map: the quoted unit, its paragraph link (the anchor), its notes."""
    notes = ", ".join(f"[{n}](#fn:{n})" for n in unit.notes)
    notes_text = f" · notes {notes}" if notes else ""
    agent = f" · *by:* {escape(unit.agent)}" if unit.agent else ""
    return f"“{_quote(unit)}” [¶{unit.paragraph}](#p-{unit.paragraph}){{ #{anchor} .ex-argpin }}{notes_text}{agent}"


def argument_block(points: MainPoints) -> str:
    """The collapsible argument summary and map shown above an article's text.

    Args:
        points: The main points.

    Returns:
        Markdown (a Material collapsible admonition holding the map), or an empty string.
    """
    if not points.thesis and not points.claims:
        return ""
    lines = ['???+ abstract "Argument summary (generated)"', ""]
    body: list[str] = ['<div class="ex-argmap" markdown>', ""]
    if points.thesis:
        thesis = points.thesis[0]
        text = " ".join(_quote(u) for u in points.thesis)
        body += [
            f"**Thesis:** “{text}” [¶{thesis.paragraph}](#p-{thesis.paragraph}){{ #arg-thesis .ex-argpin }}",
            "{ .ex-arg-thesis }",
            "",
        ]
    if points.claims:
        body += ["**Main claims and their evidence**", "{ .ex-arg-head .ex-arg-head--claims }", ""]
        for n, (claim, evidence) in enumerate(points.claims, start=1):
            body.append(f"- {_node(claim, f'arg-claim-{n}')}")
            for i, unit in enumerate(evidence, start=1):
                body.append(f"    - *Evidence:* {_node(unit, f'arg-claim-{n}-e{i}')}")
        body.append("")
    if points.concessions:
        body += [
            "**Concessions and counter-arguments**",
            "{ .ex-arg-head .ex-arg-head--concessions }",
            "",
        ]
        body += [
            f"- {_node(u, f'arg-concession-{n}')}"
            for n, u in enumerate(points.concessions, start=1)
        ]
        body += [""]
    if points.recommendations:
        body += ["**Recommendations**", "{ .ex-arg-head .ex-arg-head--recommendations }", ""]
        body += [
            f"- {_node(u, f'arg-rec-{n}')}" for n, u in enumerate(points.recommendations, start=1)
        ]
        body += [""]
    body += [
        "*Made by rules from the text, not written by an editor: check each point against the "
        "paragraph it links to.*",
        "{ .ex-arg-note }",
        "",
        "</div>",
    ]
    lines += ["    " + line if line else "" for line in body]
    return "\n".join(lines) + "\n"


def related_block(article: Article, related: Sequence[Related]) -> str:
    """The "Related articles" section at the end of an article.

    Args:
        article: The article the section is on.
        related: The related articles, most similar first.

    Returns:
        Markdown, or an empty string.
    """
    if not related:
        return ""
    lines = ["## Related articles { #related }\n"]
    for other in related:
        link = relative_link(article_uri(other.slug), article_uri(article.slug))
        shared = ", ".join(escape(s) for s in other.shared[:8])
        extra = f" (shares: {shared})" if shared else ""
        lines.append(f"- [{escape(other.title)}]({link}) · similarity {other.score:.2f}{extra}")
    return "\n".join(lines) + "\n"


def page_description(article: Article) -> str:
    """A one-line summary of an article for `<meta>` tags: its dek, else its first paragraph.

    Note markers are removed and the text is cut at 300 characters.
    """
    text = article.dek or (article.paragraphs[0].text if article.paragraphs else "")
    return " ".join(MARKER_RE.sub("", text).split())[:300]


def article_page(article: Article, cross: Crosslinks | None = None) -> str:
    """The whole Markdown page of an article.

    Args:
        article: The parsed article.
        cross: Glossary and entity links and related articles, if there are any.

    Returns:
        Markdown with front matter, ready for MkDocs.
    """
    labels = {note.label for note in article.notes}
    glossary_href = relative_link(GLOSSARY_URI, article_uri(article.slug))
    data: dict[str, object] = {"title": article.title}
    description = page_description(article)
    if description:
        data["description"] = description
    tags = list(dict.fromkeys(article.topics + article.regions + article.tags))
    if tags:
        data["tags"] = tags
    out = [front_matter(data), f"# {escape(article.title)}\n"]
    if article.dek:
        out.append(escape(article.dek) + "\n{ .ex-dek }\n")
    meta = meta_line(article)
    if meta:
        out.append(meta + "\n")
    if article.image:
        parts = []
        if article.image.caption:
            parts.append(f"**Image:** {escape(article.image.caption)}")
        if article.image.credit:
            label = "Credit" if article.image.caption else "Image credit"
            parts.append(f"**{label}:** {escape(article.image.credit)}")
        out.append(" ".join(parts) + "\n{ .ex-image }\n")
    argrefs: dict[int, list[tuple[str, str]]] = {}
    if cross and cross.argument:
        block = argument_block(cross.argument)
        if block:
            out.append(block)
            argrefs = argument_backlinks(cross.argument)
    for section in article.sections:
        if section.heading:
            out.append(f"## {escape(section.heading)} {{ #{section.anchor} }}\n")
        for par in section.paragraphs:
            links = _paragraph_links(article, par.number, cross) if cross else []
            out.append(paragraph(par, labels, links, argrefs.get(par.number, ())) + "\n")
    if article.bio:
        out.append(f'!!! note "About the author"\n\n    {escape(article.bio)}\n')
    if article.notes:
        cited = {ref.label for par in article.paragraphs for ref in par.refs}
        out.append("## Notes { #notes }\n")
        out.append("///Footnotes Go Here///\n")
        sources = cross.note_sources if cross else {}
        out.extend(
            _note_markdown(n, article.notes, sources.get(n.label, "")) + "\n"
            for n in article.notes
            if n.label in cited
        )
        uncited = [n for n in article.notes if n.label not in cited]
        if uncited:
            out.append("Notes in the source that its text never cites:\n")
            out.extend(f"- \\[{n.label}\\] {escape_with_links(n.text)}" for n in uncited)
            out.append("")
    if cross and cross.cite_box:
        out.append(cross.cite_box)
    if cross:
        out.append(related_block(article, cross.related))
    out.append(source_box(article))
    if cross:
        out.append(definitions_block(cross.terms, glossary_href))
    return "\n".join(out)


def article_uri(slug: str) -> str:
    """The Markdown path of an article page.

    Args:
        slug: The article's slug.

    Returns:
        `articles/<slug>.md`.
    """
    return f"articles/{slug}.md"


def relative_link(target_uri: str, from_uri: str) -> str:
    """A link from one Markdown page to another, relative, as MkDocs resolves it.

    Args:
        target_uri: Path of the target page (`articles/x.md`).
        from_uri: Path of the page the link is on.

    Returns:
        The relative path (`../articles/x.md`).
    """
    return posixpath.relpath(target_uri, posixpath.dirname(from_uri) or ".")


def article_list(articles: Iterable[Article], from_uri: str) -> str:
    """A list of article cards (title, byline, date, dek) for an index page.

    Args:
        articles: Articles, already in display order.
        from_uri: Path of the page the list goes on, for relative links.

    Returns:
        Markdown using Material's grid cards.
    """
    cards: list[str] = []
    for article in articles:
        link = relative_link(article_uri(article.slug), from_uri)
        lines = [f"-   [**{escape(article.title)}**]({link})", "", "    ---", ""]
        byline = " · ".join(
            part
            for part in (
                "By " + escape(join_names(article.authors)) if article.authors else "",
                format_date(article.date),
            )
            if part
        )
        if byline:
            lines += [f"    {byline}", ""]
        if article.dek:
            lines += [f"    {escape(article.dek)}", ""]
        cards.append("\n".join(lines))
    if not cards:
        return "*No articles yet: add a `.txt` file to `sources/` and rebuild.*\n"
    return '<div class="grid cards" markdown>\n\n' + "\n".join(cards) + "\n</div>\n"


def articles_index(articles: Sequence[Article], uri: str) -> str:
    """The page listing every article.

    Args:
        articles: All articles, in display order.
        uri: Path of the index page.

    Returns:
        Markdown.
    """
    count = len(articles)
    noun = "article" if count == 1 else "articles"
    return (
        front_matter({"title": "All articles"})
        + "# All articles\n\n"
        + f"{count} {noun}, newest first.\n\n"
        + article_list(articles, uri)
    )


def glossary_page(
    terms: Sequence[Term], uses: dict[str, list[PhraseUse]], titles: dict[str, str]
) -> str:
    """The glossary page: letter bar, each term with definition, see also and where used.

    Args:
        terms: All glossary entries.
        uses: Paragraphs that use each term, by term slug.
        titles: Article titles by slug, for the "used in" lists.

    Returns:
        Markdown.
    """
    groups = by_letter(terms)
    letters = " · ".join(f"[{letter}](#letter-{slugify(letter)})" for letter, _ in groups)
    if not terms:
        return (
            front_matter({"title": "Glossary"})
            + "# Glossary\n\nNo terms yet: add entries to `data/glossary.yml` and rebuild.\n"
        )
    out = [
        front_matter({"title": "Glossary"}),
        "# Glossary\n",
        f"{len(terms)} terms that the articles rely on, in the team's own words. Each entry lists "
        "where the articles use it; in the articles, the first use of a term in each section "
        "links here and shows the definition when you point at it or focus it.\n",
        f"{letters}\n{{ .ex-letters }}\n" if letters else "",
    ]
    for letter, group in groups:
        out.append(f"## {letter} {{ #letter-{slugify(letter)} }}\n")
        for term in group:
            out.append(f"### {escape(term.term)} {{ #{term.anchor} }}\n")
            out.append(term.definition + "\n")
            names = term.aliases + term.forms
            if names:
                out.append("*Also:* " + ", ".join(escape(n) for n in names) + "\n")
            if term.see_also:
                see = ", ".join(f"[{escape(n)}](#term-{slugify(n)})" for n in term.see_also)
                out.append(f"**See also:** {see}\n")
            if term.source:
                out.append(f"**Source:** {term.source}\n")
            used = uses.get(term.slug, [])
            if not used:
                out.append("*Not used in any article yet.*\n")
                continue
            out.append("**Used in:**\n")
            by_article: dict[str, list[int]] = {}
            for use in used:
                by_article.setdefault(use.article, []).append(use.paragraph)
            for slug in sorted(by_article, key=lambda s: (titles.get(s) or s).lower()):
                page = relative_link(article_uri(slug), GLOSSARY_URI)
                pins = ", ".join(f"[¶{n}]({page}#p-{n})" for n in sorted(by_article[slug]))
                out.append(f"- [{escape(titles.get(slug, slug))}]({page}): {pins}")
            out.append("")
    return "\n".join(out)


def _uses_list(uses: Sequence[PhraseUse], titles: dict[str, str], from_uri: str) -> list[str]:
    """`- [Article](…): [¶3](…#p-3), [¶5](…)` lines, one per article."""
    by_article: dict[str, list[int]] = {}
    for use in uses:
        by_article.setdefault(use.article, []).append(use.paragraph)
    lines = []
    for slug in sorted(by_article, key=lambda s: (titles.get(s) or s).lower()):
        page = relative_link(article_uri(slug), from_uri)
        pins = ", ".join(f"[¶{n}]({page}#p-{n})" for n in sorted(set(by_article[slug])))
        lines.append(f"- [{escape(titles.get(slug, slug))}]({page}): {pins}")
    return lines


def entity_page(
    title: str,
    uri: str,
    entities: Sequence[Entity],
    uses: dict[str, list[PhraseUse]],
    titles: dict[str, str],
) -> str:
    """An index page of one kind of entity (people, organisations or places).

    Args:
        title: Page title (`People`).
        uri: Path of the page (`people.md`).
        entities: The entities of that kind.
        uses: Paragraphs mentioning each entity, by slug.
        titles: Article titles by slug.

    Returns:
        Markdown.
    """
    out = [front_matter({"title": title}), f"# {title}\n"]
    mentioned = [e for e in entities if uses.get(e.slug)]
    if not mentioned:
        out.append("No article mentions any of them yet.\n")
    out.append(
        f"{len(mentioned)} named in the articles, with every paragraph that mentions them.\n"
    )
    for entity in sorted(mentioned, key=lambda e: e.name.lower()):
        out.append(f"## {escape(entity.name)} {{ #{entity.anchor} }}\n")
        if entity.description:
            out.append(escape(entity.description) + "\n")
        if entity.aliases:
            out.append("*Also written:* " + ", ".join(escape(a) for a in entity.aliases) + "\n")
        out.extend(_uses_list(uses[entity.slug], titles, uri))
        out.append("")
    return "\n".join(out)


def compare_page(
    pairs: Sequence[tuple[Article, Article, Related]],
    timeline: Sequence[DatedMention],
    titles: dict[str, str],
    openings: dict[str, str],
) -> str:
    """The "Compare" page: related pairs side by side, and a timeline of dated events.

    Args:
        pairs: Pairs of related articles with what they share.
        timeline: Dated mentions, in date order.
        titles: Article titles by slug.
        openings: What each article argues, by slug (its dek or first paragraph).

    Returns:
        Markdown.
    """
    uri = COMPARE_URI
    out = [
        front_matter({"title": "Compare articles"}),
        "# Compare articles\n",
        "Articles that share the most vocabulary, side by side, and every date the articles "
        "mention on one timeline.\n",
        "## Pairs of related articles { #pairs }\n",
    ]
    if not pairs:
        out.append("No two articles share enough to compare yet.\n")
    for first, second, link in pairs:
        a = relative_link(article_uri(first.slug), uri)
        b = relative_link(article_uri(second.slug), uri)
        out.append(f"### {escape(first.title)} · {escape(second.title)}\n")
        out.append(
            f"Similarity {link.score:.2f}. Shared: {', '.join(escape(s) for s in link.shared) or 'none'}.\n"
        )
        out.append(f"| [{escape(first.title)}]({a}) | [{escape(second.title)}]({b}) |")
        out.append("| --- | --- |")
        for label, left, right in (
            ("Opening", openings.get(first.slug, ""), openings.get(second.slug, "")),
            (
                "Sections",
                "; ".join(s.heading for s in first.sections if s.heading),
                "; ".join(s.heading for s in second.sections if s.heading),
            ),
        ):
            out.append(f"| **{label}:** {_cell(left)} | **{label}:** {_cell(right)} |")
        out.append("")
    out.append("## Timeline { #timeline }\n")
    if not timeline:
        out.append("The articles mention no dates.\n")
    else:
        out.append("| Date | Article | Mention |")
        out.append("| --- | --- | --- |")
        for item in timeline:
            page = relative_link(article_uri(item.article), uri)
            title = escape(titles.get(item.article, item.article))
            out.append(
                f"| {format_date(item.date)} | [{title}, ¶{item.paragraph}]({page}#p-{item.paragraph}) "
                f"| {_cell(item.context)} |"
            )
        out.append("")
    return "\n".join(out)


def _cell(text: str) -> str:
    """Text escaped for a table cell (no line breaks, pipes escaped by `escape`)."""
    return escape(re.sub(r"\s+", " ", MARKER_RE.sub("", text)).strip()) or "–"


def eval_tables(report: dict[str, object]) -> str:
    """Tables of the summarizer's measured accuracy, from the `explainer eval` report.

    Args:
        report: The JSON report (corpus file name → scores).

    Returns:
        Markdown: one table per corpus, the summarizer beside the first-sentence baseline.
    """
    out: list[str] = []
    for corpus in sorted(report):
        scores = report[corpus]
        if not isinstance(scores, dict):
            continue
        out.append(f"**{escape(corpus)}** ({scores.get('records')} texts)\n")
        out.append("| Measure | Summarizer | First-sentence baseline |")
        out.append("| --- | --- | --- |")
        ours, base = scores.get("summarizer", {}), scores.get("baseline", {})
        if ours.get("thesis_accuracy") is not None:
            out.append(
                f"| Thesis accuracy | {ours['thesis_accuracy']:.3f} | {base['thesis_accuracy']:.3f} |"
            )
        for role in ("claims", "premises", "concessions", "recommendations"):
            mine, theirs = ours.get(role), base.get(role)
            if not mine or not mine.get("gold"):
                continue
            out.append(
                f"| {role.capitalize()} P / R / F1 | {mine['precision']:.2f} / {mine['recall']:.2f} / {mine['f1']:.2f} "
                f"| {theirs['precision']:.2f} / {theirs['recall']:.2f} / {theirs['f1']:.2f} |"
            )
        out.append("")
    return (
        "\n".join(out)
        if out
        else "*No evaluation report: run `explainer eval --write data/eval.json`.*\n"
    )
