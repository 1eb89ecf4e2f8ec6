"""A Python-Markdown extension that shows each footnote with the label its source printed.

Python-Markdown numbers footnotes 1, 2, 3…; op-eds print `[i]`, `[ii]`… and students cite
those labels. This tree processor runs after the footnotes extension and writes the label
(taken from the footnote id, `fn:iv` → `iv`) into the reference, the list item and the
back link. Enable it in `mkdocs.yml` as `explainer.markdown_ext`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor

if TYPE_CHECKING:
    from xml.etree.ElementTree import Element

    from markdown import Markdown


def _label(reference: str) -> str:
    """`#fn:iv` or `fn:iv` → `iv`."""
    return reference.lstrip("#").split(":", 1)[-1]


class FootnoteLabelTreeprocessor(Treeprocessor):
    """Replace footnote numbers by the source's labels."""

    def run(self, root: Element) -> None:
        """Relabel footnote references, list items and back links in place.

        Args:
            root: The document tree.
        """
        for link in root.iter("a"):
            classes = link.get("class", "")
            if classes == "footnote-ref":
                label = _label(link.get("href", ""))
                link.text = label
                link.set("aria-label", f"Note {label}")
            elif classes == "footnote-backref":
                label = _label(link.get("href", ""))  # fnref:iv, fnref2:iv
                link.set("title", f"Back to the text of note {label}")
        for div in root.iter("div"):
            if div.get("class") == "footnote":
                for item in div.iter("li"):
                    if item.get("id", "").startswith("fn:"):
                        item.set("data-label", _label(item.get("id", "")))


class FootnoteLabelExtension(Extension):
    """Register [FootnoteLabelTreeprocessor][explainer.markdown_ext.FootnoteLabelTreeprocessor]."""

    def extendMarkdown(self, md: Markdown) -> None:  # noqa: N802 (Python-Markdown's name)
        """Register the tree processor after the footnotes extension's own.

        Args:
            md: The Markdown instance.
        """
        md.treeprocessors.register(FootnoteLabelTreeprocessor(md), "explainer-footnote-labels", 14)


def makeExtension(**kwargs: Any) -> FootnoteLabelExtension:  # noqa: N802 (Python-Markdown's entry point)
    """Entry point used by Python-Markdown for `explainer.markdown_ext`.

    Args:
        **kwargs: Extension options (none).

    Returns:
        The extension.
    """
    return FootnoteLabelExtension(**kwargs)
