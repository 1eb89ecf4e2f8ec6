"""A Python-Markdown extension that shows each footnote with the label its source printed.

Python-Markdown numbers footnotes 1, 2, 3…; op-eds print `[i]`, `[ii]`… and students cite
those labels. This tree processor runs after the footnotes extension and writes the label
(taken from the footnote id, `fn:iv` → `iv`) into the reference, the list item and the
back link. Enable it in `mkdocs.yml` as `explainer.markdown_ext`.

Older books label notes with symbols (`*`, `†`, `‡`, `§`). Those cannot go into a footnote id
as they are: a browser percent-encodes `†` in the address (`#fn:%E2%80%A0`), so Material's
footnote tooltips, which look the id up from the address, find nothing, and `*` is a CSS
selector character. So [note_key][explainer.markdown_ext.note_key] gives every label a key
made of letters, digits and hyphens (`†` → `dagger`, `**` → `star-2`), which is what the
Markdown footnote and its id use (`[^dagger]`, `fn:dagger`), and
[note_label][explainer.markdown_ext.note_label] turns the key back into the printed label.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor

if TYPE_CHECKING:
    from xml.etree.ElementTree import Element

    from markdown import Markdown


SYMBOL_NAMES = {"*": "star", "†": "dagger", "‡": "double-dagger", "§": "section"}
"""The name of each note symbol in footnote keys."""
_SYMBOLS = {name: symbol for symbol, name in SYMBOL_NAMES.items()}
_SAFE_KEY = re.compile(r"[A-Za-z0-9]+")
_SYMBOL_KEY = re.compile(r"([a-z-]+?)(?:-([2-9]))?")
_CODE_KEY = re.compile(r"u([0-9a-f]{1,6}(?:-[0-9a-f]{1,6}){0,7})")


def note_key(label: str) -> str:
    """The footnote key of a note label: the label itself when it is letters and digits.

    Args:
        label: The label as printed (`iv`, `12`, `*`, `††`).

    Returns:
        A key of ASCII letters, digits and hyphens, which [note_label][explainer.markdown_ext.note_label]
        turns back into the label.

    Examples:
        >>> [note_key(label) for label in ("iv", "12", "*", "**", "†", "‡‡", "§", "¶", "star")]
        ['iv', '12', 'star', 'star-2', 'dagger', 'double-dagger-2', 'section', 'ub6', 'u73-74-61-72']
    """
    if _SAFE_KEY.fullmatch(label) and note_label(label) == label:
        return label  # a label that reads as a symbol's key (`star`) is encoded below
    first = label[:1]
    if first in SYMBOL_NAMES and label == first * len(label) and len(label) <= 9:
        name = SYMBOL_NAMES[first]
        return name if len(label) == 1 else f"{name}-{len(label)}"
    return "u" + "-".join(f"{ord(char):x}" for char in label[:8])


def note_label(key: str) -> str:
    """The printed label of a footnote key made by [note_key][explainer.markdown_ext.note_key].

    Args:
        key: The key (`dagger`, `star-2`, `iv`).

    Returns:
        The label (`†`, `**`, `iv`); an unknown key is returned as it is.

    Examples:
        >>> [note_label(key) for key in ("iv", "star", "star-2", "double-dagger", "ub6")]
        ['iv', '*', '**', '‡', '¶']
    """
    symbol = _SYMBOL_KEY.fullmatch(key)
    if symbol and symbol.group(1) in _SYMBOLS:
        return _SYMBOLS[symbol.group(1)] * int(symbol.group(2) or 1)
    code = _CODE_KEY.fullmatch(key)
    if code:
        return "".join(chr(int(part, 16)) for part in code.group(1).split("-"))
    return key


def _label(reference: str) -> str:
    """`#fn:iv` or `fn:iv` → `iv`; `#fn:dagger` → `†`."""
    return note_label(reference.lstrip("#").split(":", 1)[-1])


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
