"""How articles connect: TF-IDF similarity, shared vocabulary, and the dates they mention.

[related_articles][explainer.related.related_articles] ranks, for each article, the others
by the cosine similarity of their TF-IDF vectors (scikit-learn) and lists what they share;
[dated_mentions][explainer.related.dated_mentions] collects dates and years for a timeline.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from explainer.model import Article, PartialDate
from explainer.notes import MARKER_RE
from explainer.textutil import find_all_dates


@dataclass(frozen=True)
class Related:
    """Another article that shares much with this one."""

    slug: str
    """The other article's slug."""
    title: str
    """Its title."""
    score: float
    """Similarity, 0–1 (TF-IDF cosine of the texts)."""
    shared: tuple[str, ...]
    """Glossary terms, entities and tags both articles use."""


@dataclass(frozen=True)
class DatedMention:
    """A date or year an article mentions, for the timeline."""

    date: PartialDate
    """The date, as precise as the text gives it."""
    article: str
    """Article slug."""
    paragraph: int
    """Paragraph number."""
    context: str
    """The sentence around it."""


MIN_SIMILARITY = 0.10
"""Least TF-IDF cosine similarity for two articles to count as related.

Two op-eds on the same subject by different authors score about 0.12–0.4; texts on
different subjects that share only everyday vocabulary score below 0.08. Below this value no article is listed as related."""


def related_articles(
    articles: Sequence[Article],
    features: Mapping[str, set[str]],
    limit: int = 3,
    threshold: float = MIN_SIMILARITY,
) -> dict[str, tuple[Related, ...]]:
    """Rank, for each article, the others by TF-IDF cosine similarity of their text.

    Only articles at least [MIN_SIMILARITY][explainer.related.MIN_SIMILARITY] (0.10) similar
    are listed: an article with no other that close has no related articles.

    Args:
        articles: All articles.
        features: Names each article uses (glossary terms, entities, tags), by slug; the shared
            ones are shown with each related article.
        limit: How many related articles to keep per article.
        threshold: Minimum similarity for an article to count as related.

    Returns:
        Related articles by slug, most similar first (ties by title).
    """
    if len(articles) < 2:
        return {a.slug: () for a in articles}
    from sklearn.feature_extraction.text import TfidfVectorizer

    texts = [
        " ".join(MARKER_RE.sub(" ", p.text) for p in a.paragraphs) or a.title for a in articles
    ]
    vectorizer = TfidfVectorizer(stop_words="english", sublinear_tf=True, min_df=1)  # rows L2-normed
    try:
        vectors = vectorizer.fit_transform(texts)
    except ValueError:  # only stop words in every text: nothing to compare
        return {a.slug: () for a in articles}
    titles = [a.title.lower() for a in articles]
    result: dict[str, tuple[Related, ...]] = {}
    for i, row in _similarity_rows(vectors):
        article = articles[i]
        candidates = _top_candidates(row, i, limit, threshold)
        ranked = sorted(candidates, key=lambda j: (-round(float(row[j]), 6), titles[j]))
        result[article.slug] = tuple(
            Related(
                slug=articles[j].slug,
                title=articles[j].title,
                score=round(float(row[j]), 4),
                shared=tuple(
                    sorted(
                        features.get(article.slug, set()) & features.get(articles[j].slug, set()),
                        key=str.lower,
                    )
                ),
            )
            for j in ranked[:limit]
        )
    return result


_CHUNK = 256
"""Rows of the similarity matrix computed at a time: memory stays `_CHUNK × N`, never N × N."""


def _similarity_rows(vectors: Any) -> Iterator[tuple[int, Any]]:
    """Each article's cosine similarity to every article, a block of rows at a time (the
    TF-IDF rows are unit length, so a dot product is the cosine)."""
    for start in range(0, vectors.shape[0], _CHUNK):
        block = (vectors[start : start + _CHUNK] @ vectors.T).toarray()
        for offset, row in enumerate(block):
            yield start + offset, row


def _top_candidates(row: Any, i: int, limit: int, threshold: float) -> list[int]:
    """The articles that can be among the `limit` most similar to article `i` (ties at the
    last place kept, so the order by title stays the same as a full sort's)."""
    import numpy as np

    scores = np.round(row, 6)
    scores[i] = -1.0
    candidates = np.flatnonzero(scores >= threshold)
    if len(candidates) > limit:
        cut = np.partition(scores[candidates], len(candidates) - limit)[len(candidates) - limit]
        candidates = candidates[scores[candidates] >= cut]
    return [int(j) for j in candidates]


_BARE_YEAR = re.compile(
    r"\b(?:in|since|by|until|till|from|before|after|during|around|circa|ca?\.|through|to|and|between"
    r"|year)\s+"
    r"(?:(?:the\s+)?(?:early|late|mid|spring|summer|autumn|fall|winter|end|start|beginning|year)"
    r"(?:\s+of)?[\s-]+)?"
    r"(?P<year>1[5-9]\d\d|20\d\d)\b(?![\d%]|[.,]\d)",
    re.IGNORECASE,
)
"""A year after a preposition of time (`in 1914`, `since 2014`, `by early 2030`,
`from 1914 to 1918`, `the year 1848`). A number elsewhere (`the 2000 delegates`) is not read
as a year: it is as often a quantity."""

_QUANTITY = re.compile(
    r"\s*(?:-\s*[a-z]|(?:%|percent\b|per\s+cent\b|(?:million|billion|thousand|hundred"
    r"|tons?|tonnes?|gross|net|head|strong|people|persons|men|women|children|troops|soldiers"
    r"|sailors|workers|students|residents|inhabitants|refugees|casualties|deaths|lives|votes"
    r"|members|delegates|ships|vessels|boats|guns|tanks|aircraft|planes|cars|vehicles|homes"
    r"|houses|jobs|copies|pages|words|items|cases|units|acres|hectares|miles|kilometres"
    r"|kilometers|km|metres|meters|feet|ft|yards|pounds|lbs?|kg|kilograms|dollars|euros"
    r"|francs|marks|rubles|roubles|barrels|gallons|litres|liters|bushels|calories|degrees"
    r"|hours|minutes|seconds|days|weeks|months|years|times|of\s+(?:them|these|those|us))\b))",
    re.IGNORECASE,
)
"""What after a number makes it a quantity, not a year: a unit or a counted noun
(`1600 tons gross`, `in 2000 people`), a percentage, or a hyphenated unit (`a 1600-ton ship`)."""


def _is_quantity(text: str, end: int) -> bool:
    """Whether the number ending at `end` is followed by a unit or a counted noun."""
    return _QUANTITY.match(text, end) is not None


def find_dates(text: str) -> list[tuple[PartialDate, int]]:
    """The dates a text mentions: full dates, and bare years after a preposition of time.

    A year with a day or a month (`24 February 2022`, `March 1917`) is always a date; a bare
    year only after `in`, `since`, `by`, `until`, `from`, `before`, `after`, `during`… and
    never when a unit or counted noun follows (`in 1600 tons gross`, `by 2000 votes`).

    Args:
        text: A paragraph's text, without note markers.

    Returns:
        Each date with its offset, in text order (a full date wins over the year inside it).

    Examples:
        >>> [(d.iso(), i) for d, i in find_dates("Since 2014, and on 1 May 2022, 1600 tons.")]
        [('2014', 6), ('2022-05-01', 19)]
    """
    found: list[tuple[PartialDate, int]] = []
    full = find_all_dates(text)
    starts = [start for _, start, _ in full]
    for date, start, end in full:
        if not _is_quantity(text, end):
            found.append((date, start))
    for year in _BARE_YEAR.finditer(text):
        start = year.start("year")
        inside = bisect_right(starts, start) - 1  # the full date starting last before it
        if (inside >= 0 and start < full[inside][2]) or _is_quantity(text, year.end()):
            continue
        found.append((PartialDate(int(year.group("year"))), start))
    return sorted(found, key=lambda pair: pair[1])


def dated_mentions(article: Article) -> list[DatedMention]:
    """Dates and years mentioned in an article's paragraphs, with their sentence.

    Only what is a date is kept (see [find_dates][explainer.related.find_dates]): not
    `1600 tons gross`, `1,600 people` or `the 2000 delegates`.

    Args:
        article: The article.

    Returns:
        One mention per date or year, in text order.
    """
    mentions: list[DatedMention] = []
    for paragraph in article.paragraphs:
        text = MARKER_RE.sub("", paragraph.text)
        mentions += [
            DatedMention(date, article.slug, paragraph.number, _sentence(text, start))
            for date, start in find_dates(text)
        ]
    return mentions


def _sentence(text: str, position: int) -> str:
    """The sentence of `text` that contains `position`."""
    start = max(
        text.rfind(". ", 0, position), text.rfind("? ", 0, position), text.rfind("! ", 0, position)
    )
    start = 0 if start < 0 else start + 2
    ends = [
        i
        for i in (text.find(". ", position), text.find("? ", position), text.find("! ", position))
        if i >= 0
    ]
    end = min(ends) + 1 if ends else len(text)
    return text[start:end].strip()
