#!/usr/bin/env python3
"""Convert fetched argument-mining corpora to the project's JSON Lines schema.

Standard library only. Output is deterministic: the same input gives the same bytes.

    python3 convert.py abstrct  PATH/TO/AbstRCT_corpus/data  -o abstrct-sample.jsonl

Record schema (as /work/shared/corpora/README.md):
{id, corpus, title, text, split, major_claims[], claims[], premises[], concessions[],
 recommendations[], relations[], meta}; each unit is {id, start, end, text, implicit, ...}
with text[start:end] == unit["text"]. Paragraphs in `text` are separated by exactly one
"\\n": every whitespace run that contains a line break becomes a single "\\n", and the
text is stripped at both ends. Other whitespace is left as it is. Unit offsets are
carried through that normalisation with a character map, and unit edges are trimmed of
whitespace.
"""
import argparse
import glob
import json
import os
import re
import sys

# ---------------------------------------------------------------- text normalisation


def normalise(text):
    """Return (new_text, pos) where pos[i] is the index in new_text of old char i (or -1)."""
    text_nl = text.replace("\r\n", "\n").replace("\r", "\n")
    # keep a map from the \r-normalised string back to the original indices
    back = []
    i = 0
    while i < len(text):
        if text[i] == "\r" and i + 1 < len(text) and text[i + 1] == "\n":
            back.append(i + 1)  # the "\n" stands for both; "\r" maps to nothing
            i += 2
        else:
            back.append(i)
            i += 1
    assert len(back) == len(text_nl)
    out = []
    pos_nl = [-1] * len(text_nl)
    j = 0
    n = len(text_nl)
    while j < n:
        if text_nl[j].isspace():
            k = j
            while k < n and text_nl[k].isspace():
                k += 1
            run = text_nl[j:k]
            if "\n" in run:
                out.append("\n")
            else:
                for m in range(j, k):
                    pos_nl[m] = len(out)
                    out.append(text_nl[m])
            j = k
        else:
            pos_nl[j] = len(out)
            out.append(text_nl[j])
            j += 1
    new = "".join(out)
    # strip ends
    lead = len(new) - len(new.lstrip())
    stripped = new.strip()
    pos = [-1] * len(text)
    for jj, p in enumerate(pos_nl):
        if p >= 0:
            q = p - lead
            if 0 <= q < len(stripped):
                pos[back[jj]] = q
    return stripped, pos


def map_span(orig, pos, start, end):
    """Map an original [start, end) span to the normalised text; None if empty."""
    while start < end and orig[start].isspace():
        start += 1
    while end > start and orig[end - 1].isspace():
        end -= 1
    if start >= end:
        return None
    s, e = pos[start], pos[end - 1]
    if s < 0 or e < 0:
        return None
    return s, e + 1


def squash(s):
    return re.sub(r"\s+", " ", s).strip()


def dump(records, out_path):
    with open(out_path, "w", encoding="utf-8", newline="\n") as f:
        for r in records:
            f.write(json.dumps(r, ensure_ascii=False) + "\n")


def check(records):
    roles = ("major_claims", "claims", "premises", "concessions", "recommendations")
    for r in records:
        t = r["text"]
        assert t == t.strip() and "\n\n" not in t and "\r" not in t, r["id"]
        for role in roles:
            for u in r[role]:
                assert t[u["start"]:u["end"]] == u["text"], (r["id"], u["id"])


def empty_record(rid, corpus, title, text, split):
    return {
        "id": rid, "corpus": corpus, "title": title, "text": text, "split": split,
        "major_claims": [], "claims": [], "premises": [], "concessions": [],
        "recommendations": [], "relations": [], "meta": {},
    }


def every_kth(items, m):
    """Deterministic evenly spaced choice of m items from an already sorted list."""
    n = len(items)
    if m >= n:
        return list(items)
    return [items[(i * n) // m] for i in range(m)]


# ---------------------------------------------------------------- AbstRCT

ABSTRCT_ROLE = {"MajorClaim": "major_claims", "Claim": "claims", "Premise": "premises"}
ABSTRCT_REL = {"Support": "sup", "Attack": "reb", "Partial-Attack": "reb"}
ABSTRCT_SPLIT = {"neoplasm_train": "train", "neoplasm_dev": "dev", "neoplasm_test": "test",
                 "glaucoma_test": "test", "mixed_test": "test"}


def convert_abstrct(data_dir, n_total, repo, commit, prefix):
    files = sorted(glob.glob(os.path.join(data_dir, "*", "*", "*.txt")))
    docs = {}
    for f in files:
        pmid = os.path.basename(f)[:-4]
        docs.setdefault(pmid, []).append(f)
    stats = {"abstracts_unique": len(docs), "duplicates_across_subsets": 0,
             "units_dropped": 0, "relations_dropped": 0}
    parsed = {}
    for pmid in sorted(docs):
        fs = sorted(docs[pmid])
        texts = {open(f, encoding="utf-8").read() for f in fs}
        anns = {open(f[:-4] + ".ann", encoding="utf-8").read() for f in fs}
        if len(fs) > 1:
            stats["duplicates_across_subsets"] += 1
            if len(texts) != 1 or len(anns) != 1:
                raise SystemExit(f"duplicate {pmid} differs between subsets")
        parsed[pmid] = (fs, texts.pop(), anns.pop())

    def has_mc(pmid):
        return "\tMajorClaim " in parsed[pmid][2]

    with_mc = [p for p in sorted(parsed) if has_mc(p)]
    without = [p for p in sorted(parsed) if not has_mc(p)]
    chosen = set(with_mc) | set(every_kth(without, max(0, n_total - len(with_mc))))
    stats["abstracts_with_major_claim"] = len(with_mc)

    records = []
    for pmid in sorted(chosen):
        fs, raw, ann = parsed[pmid]
        subsets = [f.split(os.sep)[-2] for f in fs]
        text, pos = normalise(raw)
        rec = empty_record("abstrct_" + pmid, "abstrct", "", text,
                           ABSTRCT_SPLIT[subsets[0]])
        kept = set()
        rels = []
        for line in ann.splitlines():
            if not line.strip():
                continue
            parts = line.split("\t")
            if parts[0].startswith("T"):
                label, *offs = parts[1].split(" ")
                if ";" in parts[1] or label not in ABSTRCT_ROLE:
                    stats["units_dropped"] += 1
                    continue
                s, e = int(offs[0]), int(offs[1])
                if squash(raw[s:e]) != squash(parts[2]):
                    stats["units_dropped"] += 1
                    continue
                span = map_span(raw, pos, s, e)
                if span is None:
                    stats["units_dropped"] += 1
                    continue
                unit = {"id": parts[0], "start": span[0], "end": span[1],
                        "text": text[span[0]:span[1]], "implicit": False, "label": label}
                rec[ABSTRCT_ROLE[label]].append(unit)
                kept.add(parts[0])
            elif parts[0].startswith("R"):
                label, a1, a2 = parts[1].split(" ")[:3]
                rels.append((parts[0], label, a1.split(":", 1)[1], a2.split(":", 1)[1]))
        for rid, label, src, tgt in rels:
            if src not in kept or tgt not in kept or label not in ABSTRCT_REL:
                stats["relations_dropped"] += 1
                continue
            rec["relations"].append({"id": rid, "src": src, "tgt": tgt,
                                     "type": ABSTRCT_REL[label], "label": label})
        for role in ABSTRCT_ROLE.values():
            rec[role].sort(key=lambda u: (u["start"], u["end"], u["id"]))
        rec["relations"].sort(key=lambda r: int(r["id"][1:]))
        rec["meta"] = {
            "source": {"repo": repo, "commit": commit,
                       "path": [prefix + "/".join(f.split(os.sep)[-3:]) for f in fs]},
            "pmid": pmid,
            "subsets": subsets,
            "note": "AbstRCT (Mayer, Cabrio & Villata 2020): MajorClaim -> major_claims, "
                    "Claim -> claims, Premise -> premises; Support -> sup, Attack and "
                    "Partial-Attack -> reb (original label kept in 'label')",
        }
        records.append(rec)
    return records, stats



def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("corpus", choices=["abstrct"])
    ap.add_argument("path", help="AbstRCT_corpus/data directory")
    ap.add_argument("-o", "--out", required=True)
    ap.add_argument("-n", type=int, default=300, help="records to write (default 300)")
    ap.add_argument("--repo", default=None)
    ap.add_argument("--commit", default=None)
    a = ap.parse_args(argv)
    records, stats = convert_abstrct(
        a.path, a.n, a.repo or "launchnlp/MIDGARD",
        a.commit or "c4915868997bb7891429c03faa1ac0adead3fb33",
        "argument_structure_extraction/data/abstrct-master/AbstRCT_corpus/data/")
    check(records)
    dump(records, a.out)
    roles = ("major_claims", "claims", "premises", "concessions", "recommendations",
             "relations")
    stats["records"] = len(records)
    for role in roles:
        stats[role] = sum(len(r[role]) for r in records)
    json.dump(stats, sys.stderr, indent=1, sort_keys=True)
    sys.stderr.write("\n")


if __name__ == "__main__":
    main()
