"""Build `essays.jsonl`: the real essays of tests/corpus/{wild,heldout} with readers' gold.

The texts are the parser's real-input corpora (sources and licences in their SOURCES*.md);
each is parsed as the site parses it, and its prose paragraphs become the record's text
(one paragraph per line). The gold (`essays-gold*.yml`) quotes, for each essay, the sentences
a careful reader marks as its thesis, main claims, recommendations and concessions; this
script finds each quotation in the text and writes its offsets. A quotation that is not
found verbatim stops the script with its essay and role.

    .venv/bin/python tests/corpus/argument/essays.py records   # essays-text/*.txt to annotate
    .venv/bin/python tests/corpus/argument/essays.py build [OUT]   # essays.jsonl from the gold
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import yaml

from explainer.parse import parse_article

HERE = Path(__file__).resolve().parent
CORPORA = (HERE.parent / "wild", HERE.parent / "heldout")
EXCLUDED = {
    "wild/mod-pyos-genai-policy": "CC BY-SA 4.0: its ShareAlike terms do not mix with the "
    "CC BY-NC-SA training data of the model, so it trains nothing",
}
"""Texts left out of the essays corpus, with the reason."""
ROLES = {
    "thesis": "major_claims",
    "claims": "claims",
    "recommendations": "recommendations",
    "concessions": "concessions",
}


def essays() -> list[tuple[str, str, list[str]]]:
    """`(id, title, prose paragraphs)` of every text, in name order."""
    out = []
    for folder in CORPORA:
        for path in sorted(folder.iterdir()):
            if path.suffix not in (".txt", ".md") or path.name.startswith(("README", "SOURCES")):
                continue
            article = parse_article(path.read_text(encoding="utf-8"), source=str(path), slug=path.stem)
            paragraphs = [" ".join(p.text.split()) for p in article.paragraphs if p.kind == "prose"]
            title = " ".join(f"{article.title} {article.dek}".split())
            out.append((f"{folder.name}/{path.stem}", title, [p for p in paragraphs if p]))
    return out


def write_texts(target: Path) -> None:
    """One file per essay, paragraphs numbered, for annotators."""
    target.mkdir(exist_ok=True)
    for essay_id, title, paragraphs in essays():
        lines = [f"# {title}", ""] + [f"[{n}] {p}" for n, p in enumerate(paragraphs, start=1)]
        (target / (essay_id.replace("/", "__") + ".txt")).write_text("\n".join(lines) + "\n", encoding="utf-8")


def build(gold_path: Path, out_path: Path) -> None:
    """Write the records with the gold's offsets."""
    gold: dict[str, dict[str, list[str]]] = {}
    for path in sorted(gold_path.parent.glob(gold_path.stem + "*.yml")):
        gold.update(yaml.safe_load(path.read_text(encoding="utf-8")) or {})
    records = []
    for essay_id, title, paragraphs in essays():
        if essay_id not in gold or essay_id in EXCLUDED:
            continue
        text = "\n".join(paragraphs)
        record: dict[str, object] = {
            "id": essay_id,
            "corpus": "essays",
            "title": title,
            "text": text,
            "split": None,
            **{key: [] for key in ("major_claims", "claims", "premises", "concessions", "recommendations")},
            "relations": [],
            "meta": {"source": f"tests/corpus/{essay_id}", "annotation": "essays-gold.yml"},
        }
        for role, key in ROLES.items():
            units = []
            for n, quote in enumerate(gold[essay_id].get(role) or [], start=1):
                quote = " ".join(str(quote).split())
                start = text.find(quote)
                if start < 0:
                    raise SystemExit(f"{gold_path}: {essay_id}: {role} {n} is not in the text: {quote[:80]!r}")
                units.append({"id": f"{key}{n}", "start": start, "end": start + len(quote), "text": quote, "implicit": False})
            record[key] = units
        records.append(record)
    out_path.write_text("".join(json.dumps(r, ensure_ascii=False, sort_keys=True) + "\n" for r in records), encoding="utf-8")
    print(f"wrote {out_path}: {len(records)} essays")


if __name__ == "__main__":
    if sys.argv[1:] == ["records"]:
        write_texts(HERE / "essays-text")
    elif sys.argv[1:2] == ["build"] and len(sys.argv) <= 3:
        build(HERE / "essays-gold.yml", Path(sys.argv[2]) if len(sys.argv) == 3 else HERE / "essays.jsonl")
    else:
        raise SystemExit(__doc__)
