"""How articles connect: TF-IDF similarity, shared vocabulary, and the dates they mention.

[related_articles][explainer.related.related_articles] ranks, for each article, the others
by the cosine similarity of their TF-IDF vectors (scikit-learn) and lists what they share;
[dated_mentions][explainer.related.dated_mentions] collects dates and years for a timeline.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from explainer.model import Article, PartialDate
from explainer.notes import MARKER_RE
from explainer.textutil import find_date


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


def related_articles(
    articles: Sequence[Article],
    features: Mapping[str, set[str]],
    limit: int = 3,
    threshold: float = 0.05,
) -> dict[str, tuple[Related, ...]]:
    """Rank, for each article, the others by TF-IDF cosine similarity of their text.

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
    from sklearn.metrics.pairwise import cosine_similarity

    texts = [
        " ".join(MARKER_RE.sub(" ", p.text) for p in a.paragraphs) or a.title for a in articles
    ]
    vectors = TfidfVectorizer(stop_words="english", sublinear_tf=True, min_df=1).fit_transform(
        texts
    )
    scores = cosine_similarity(vectors)
    result: dict[str, tuple[Related, ...]] = {}
    for i, article in enumerate(articles):
        ranked = sorted(
            (j for j in range(len(articles)) if j != i and scores[i, j] >= threshold),
            key=lambda j: (-round(float(scores[i, j]), 6), articles[j].title.lower()),
        )
        result[article.slug] = tuple(
            Related(
                slug=articles[j].slug,
                title=articles[j].title,
                score=round(float(scores[i, j]), 4),
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


_YEAR_RE = re.compile(
    r"(?<![\d$£€.,])\b(1[5-9]\d\d|20\d\d)\b(?![\d%]|\s*(?:percent|per cent|million|billion))"
)


def dated_mentions(article: Article) -> list[DatedMention]:
    """Dates and years mentioned in an article's paragraphs, with their sentence.

    Args:
        article: The article.

    Returns:
        One mention per date or year (full dates win over the bare year inside them).
    """
    mentions: list[DatedMention] = []
    for paragraph in article.paragraphs:
        text = MARKER_RE.sub("", paragraph.text)
        taken: list[tuple[int, int]] = []
        rest = text
        offset = 0
        while (found := find_date(rest)) is not None:
            date, start, end = found
            taken.append((offset + start, offset + end))
            mentions.append(
                DatedMention(date, article.slug, paragraph.number, _sentence(text, offset + start))
            )
            rest = rest[end:]
            offset += end
        for match in _YEAR_RE.finditer(text):
            if any(start <= match.start() < end for start, end in taken):
                continue
            mentions.append(
                DatedMention(
                    PartialDate(int(match.group(1))),
                    article.slug,
                    paragraph.number,
                    _sentence(text, match.start()),
                )
            )
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
