"""One policy for everything a user supplies that ends up as a link or as Markdown.

- [web_address][explainer.safe.web_address]: an address from a sidecar, a glossary, an
  entities file or a note is a link only when it is an absolute `http(s)` address with a host
  and no white space, angle bracket, quote, brace or backslash.
- [markdown_link][explainer.safe.markdown_link]: the one way to write a link into generated
  Markdown (text escaped, address checked, angle-bracket form).
- [safe_markdown][explainer.safe.safe_markdown]: Markdown from a data file (a glossary
  definition): raw HTML shown as text, links kept only to web addresses and the site's own
  pages.
- [one_line][explainer.safe.one_line_problem]: single-line fields hold no control characters.

Every pattern here is bounded: each runs in time linear in its input.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

MAX_URL = 2048
"""Longest address accepted (characters)."""

_FORBIDDEN_IN_URL = re.compile(r"[\s<>\"'`{}|\\^\x00-\x1f\x7f]")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029]")
_MD_LINK = re.compile(r"(!?)\[([^\[\]\n]{0,500})\]\(([^()\s]{0,2048})((?:\s+\"[^\"\n]{0,200}\")?)\)")
_MD_REFERENCE_DEF = re.compile(r"(?m)^( {0,3}\[[^\[\]\n]{1,200}\]:[ \t]*)(\S{0,2048})(.*)$")
_MD_ESCAPABLE = re.compile(r"([\\`*_\[\]<>#|])")


def web_address(value: str) -> str | None:
    """The address when it is a safe absolute web address, else `None`.

    Examples:
        >>> web_address("https://example.org/a?b=1#c")
        'https://example.org/a?b=1#c'
        >>> [web_address(v) for v in ("javascript:alert(1)", "file:///etc/passwd", "https://x.org/a b", "http://", "https://e.org/>)")]
        [None, None, None, None, None]
    """
    value = value.strip()
    if not value or len(value) > MAX_URL or _FORBIDDEN_IN_URL.search(value):
        return None
    try:
        parts = urlsplit(value)
    except ValueError:
        return None
    if parts.scheme.lower() not in {"http", "https"} or not parts.hostname:
        return None
    return value


def site_address(value: str) -> bool:
    """True for a link inside the site: a fragment or a relative path (no scheme, no `//`)."""
    if not value or len(value) > MAX_URL or _FORBIDDEN_IN_URL.search(value):
        return False
    if value.startswith("//"):
        return False
    return urlsplit(value).scheme == ""


def escape_markdown(text: str) -> str:
    """Text that Markdown shows as written (no emphasis, links, HTML or headings)."""
    return _MD_ESCAPABLE.sub(r"\\\1", text.replace("&", "&amp;"))


def markdown_link(text: str, address: str) -> str:
    """`[text](<address>)` when the address is a web address; the escaped text alone if not.

    Examples:
        >>> markdown_link("A *title*", "https://example.org/x")
        '[A \\\\*title\\\\*](<https://example.org/x>)'
        >>> markdown_link("A title", "javascript:alert(1)")
        'A title'
    """
    url = web_address(address)
    return f"[{escape_markdown(text)}](<{url}>)" if url else escape_markdown(text)


def safe_markdown(text: str) -> str:
    """Markdown from a data file with the dangerous parts made inert.

    Raw HTML (`<img onerror=…>`, `<script>`) is shown as text; a link or image to anything
    but a web address or a page of the site keeps only its text; a reference definition to
    such an address is dropped. Emphasis and safe links stay.

    Examples:
        >>> safe_markdown('See [x](javascript:alert(1)) and <img src=x onerror=alert(1)>.')
        'See [x]\\\\(javascript:alert(1)) and &lt;img src=x onerror=alert(1)&gt;.'
        >>> safe_markdown('See [x](javascript:void) here.')
        'See x here.'
        >>> safe_markdown("A *term* from [the text](https://example.org).")
        'A *term* from [the text](https://example.org).'
    """
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    text = text.replace("{", "&#123;").replace("}", "&#125;")  # no `{ onclick=… }` attribute lists

    def link(match: re.Match[str]) -> str:
        bang, label, address, title = match.groups()
        if web_address(address) or site_address(address):
            return match.group(0) if not bang else label  # no images from data files
        return label

    def definition(match: re.Match[str]) -> str:
        address = match.group(2)
        return match.group(0) if web_address(address) or site_address(address) else ""

    text = _MD_LINK.sub(link, text)
    text = _neutralise_inline_links(text)
    return _MD_REFERENCE_DEF.sub(definition, text)


def _neutralise_inline_links(text: str) -> str:
    """Every `](destination)` left whose destination (read with balanced parentheses, as
    Markdown reads it) is not a safe address is written `]\\(…)`: shown as text, never a link.
    One pass over the text."""
    out: list[str] = []
    last = 0
    position = text.find("](")
    while position >= 0:
        start = position + 2
        end, address = _destination(text, start)
        if not (web_address(address) or site_address(address)):
            out.append(text[last : position + 1])
            out.append("\\(")
            last = start
        position = text.find("](", max(start, end))
    out.append(text[last:])
    return "".join(out)


def _destination(text: str, start: int) -> tuple[int, str]:
    """The link destination that starts at `start` (after `](`) and where it ends."""
    index = start
    while index < len(text) and text[index] in " \t":
        index += 1
    if text.startswith("&lt;", index):
        close = text.find("&gt;", index)
        close = len(text) if close < 0 else close
        return close, text[index + 4 : close]
    depth = 0
    begin = index
    while index < len(text) and index - begin <= MAX_URL:
        char = text[index]
        if char.isspace():
            break
        if char == "(":
            depth += 1
        elif char == ")":
            if depth == 0:
                break
            depth -= 1
        index += 1
    return index, text[begin:index]


def one_line_problem(value: str) -> str | None:
    """Why a single-line field cannot be used as it is (a line break or a control
    character), or `None`."""
    if "\n" in value or "\r" in value:
        return "must be one line"
    if _CONTROL.search(value):
        return "holds a control character"
    return None


PLACEHOLDER_HOSTS = re.compile(
    r"^(?:(?:[\w-]+\.)*example(?:\.(?:org|com|net|edu))?|localhost|127\.0\.0\.1|0\.0\.0\.0|(?:[\w-]+\.)*(?:test|invalid|localhost))$",
    re.IGNORECASE,
)
"""Hosts that only stand in for a real address (RFC 2606 and 6761 names, the local machine)."""


def site_url_problem(url: str) -> str:
    """What is wrong with the site's canonical address for citations, or an empty string.

    Every permalink and every reference to a page is built from `site_url`: a missing or
    stand-in address (`https://example.org/…`) makes them all point nowhere.

    Args:
        url: The `site_url` of `mkdocs.yml` (may be empty).

    Returns:
        A sentence for the user, or "" when the address looks real.

    Examples:
        >>> site_url_problem("https://example.org/explainer/")
        'site_url is a placeholder (example.org): permalinks and the address in every citation of a page point nowhere; set it to the address the site is published at'
        >>> site_url_problem("https://teacher.school.edu/explainer/")
        ''
    """
    if not url.strip():
        return "no site_url: pages have no permanent address, and citations of a page give none; set it to the address the site is published at"
    host = urlsplit(url.strip()).hostname or ""
    if not host or PLACEHOLDER_HOSTS.match(host):
        return (
            f"site_url is a placeholder ({host or url.strip()}): permalinks and the address in every "
            "citation of a page point nowhere; set it to the address the site is published at"
        )
    return ""
