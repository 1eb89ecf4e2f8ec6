"""Training the argument ranker from annotated corpora (`make model`, `explainer eval`).

One logistic regression per role (thesis, claim, premise, concession) over the features of
`argument_features`, fitted with scikit-learn on every corpus that annotates the role. Each
corpus weighs the same in total, whatever its size, so no one genre dominates. The decision
threshold of each role is the one that gives the best F1 on the training corpora. Fitting is
deterministic (lbfgs, no sampling), so the same corpora give the same file.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from explainer.argument_corpus import (
    TRAINING_CORPORA,
    Record,
    gold_roles,
    read_records,
    record_spans,
)
from explainer.argument_features import FEATURES, unit_features
from explainer.argument_model import MODEL_PATH, ROLES, Model, RoleModel

THESIS_PRIOR = {
    "opinion": 1.0,
    "main_point": 1.0,
    "deontic": 1.0,
    "conclusion": 1.0,
    "inference": 1.0,
    "title_rank": 1.0,
    "question": -1.0,
    "concession": -1.0,
    "example": -1.0,
    "number": -1.0,
}
"""Features whose direction argumentation theory gives for a thesis (+1 raises, -1 lowers)."""
PRIOR_WEIGHT = 1.0
"""Weight of each virtual pair, as a share of one corpus."""

Examples = tuple[list[list[float]], list[set[str]], list[int]]
"""Feature vectors, gold roles and the index of the text of each unit."""


def corpus_examples(records: Sequence[Record]) -> Examples:
    """The units of a corpus as training examples.

    Args:
        records: The annotated records.

    Returns:
        `(vectors, roles, text index)`, one entry per unit.
    """
    vectors: list[list[float]] = []
    roles: list[set[str]] = []
    texts: list[int] = []
    for index, record in enumerate(records):
        spans, offsets = record_spans(record)
        vectors += unit_features(spans, record.title)
        roles += gold_roles(record, spans, offsets)
        texts += [index] * len(spans)
    return vectors, roles, texts


def _annotates(records: Sequence[Record], role: str) -> bool:
    key = {"thesis": "major_claims", "claim": "claims", "premise": "premises", "concession": "concessions"}[role]
    return any(record.gold[key] for record in records)


def _best_threshold(probabilities: Sequence[float], labels: Sequence[int], weights: Sequence[float]) -> float:
    """The threshold with the best weighted F1 (ties: the higher threshold)."""
    best, best_f1 = 0.5, -1.0
    for step in range(5, 96, 5):
        threshold = step / 100
        tp = sum(w for p, y, w in zip(probabilities, labels, weights, strict=True) if p >= threshold and y)
        fp = sum(w for p, y, w in zip(probabilities, labels, weights, strict=True) if p >= threshold and not y)
        fn = sum(w for p, y, w in zip(probabilities, labels, weights, strict=True) if p < threshold and y)
        f1 = 2 * tp / (2 * tp + fp + fn) if tp else 0.0
        if f1 >= best_f1:
            best, best_f1 = threshold, f1
    return best


def _fit_ranker(np: Any, LogisticRegression: Any, corpora: Sequence[Examples]) -> RoleModel:
    """A pairwise ranker of the thesis: within each text, the thesis against every other unit.

    Each corpus weighs the same, and within it each text; the model has no intercept, so
    its score only orders the units of one text.
    """
    rows = [v for vectors, _, _ in corpora for v in vectors]
    x_all = np.array(rows, dtype=float)
    mean = x_all.mean(axis=0)
    scale = x_all.std(axis=0)
    scale[scale == 0] = 1.0
    differences: list[Any] = []
    labels: list[int] = []
    weights: list[float] = []
    for vectors, roles, texts in corpora:
        x = (np.array(vectors, dtype=float) - mean) / scale
        by_text: dict[int, list[int]] = {}
        for k, t in enumerate(texts):
            by_text.setdefault(t, []).append(k)
        pairs_per_text = []
        for members in by_text.values():
            positives = [k for k in members if "thesis" in roles[k]]
            negatives = [k for k in members if "thesis" not in roles[k]]
            if positives and negatives:
                pairs_per_text.append([(p, n) for p in positives for n in negatives])
        for pairs in pairs_per_text:
            weight = 1.0 / (len(pairs) * len(pairs_per_text))
            for p, n in pairs:
                differences += [x[p] - x[n], x[n] - x[p]]
                labels += [1, 0]
                weights += [weight, weight]
    # Prior knowledge as virtual pairs: a unit ranks higher with a cue of position, lower
    # with a cue of question, concession or evidence, other things equal. Each weighs as
    # much as one corpus, so the signs hold even where no training text shows the cue.
    for name, sign in THESIS_PRIOR.items():
        unit = np.zeros(len(mean))
        unit[FEATURES.index(name)] = sign / scale[FEATURES.index(name)]
        differences += [unit, -unit]
        labels += [1, 0]
        weights += [PRIOR_WEIGHT, PRIOR_WEIGHT]
    classifier = LogisticRegression(C=0.5, max_iter=2000, solver="lbfgs", fit_intercept=False)
    scaled = np.array(weights) * len(weights) / sum(weights)
    classifier.fit(np.array(differences), np.array(labels), sample_weight=scaled)
    return RoleModel(
        tuple(float(v) for v in mean),
        tuple(float(v) for v in scale),
        tuple(float(v) for v in classifier.coef_[0]),
        0.0,
        0.5,
    )


def fit(corpora: Mapping[str, Sequence[Record]]) -> Model:
    """Fit one logistic model per role on the corpora that annotate it.

    Args:
        corpora: Records by corpus name.

    Returns:
        The model (roles no corpus annotates are left out).
    """
    import numpy as np
    from sklearn.linear_model import LogisticRegression

    examples = {name: corpus_examples(records) for name, records in sorted(corpora.items())}
    role_models: dict[str, RoleModel] = {}
    for role in ROLES:
        names = [name for name in sorted(corpora) if _annotates(corpora[name], role)]
        if not names:
            continue
        rows: list[list[float]] = []
        labels: list[int] = []
        weights: list[float] = []
        for name in names:
            vectors, roles, _ = examples[name]
            rows += vectors
            labels += [int(role in r) for r in roles]
            weights += [1.0 / len(vectors)] * len(vectors)
        if role == "thesis":
            role_models[role] = _fit_ranker(np, LogisticRegression, [examples[n] for n in names])
            continue
        x = np.array(rows, dtype=float)
        mean = x.mean(axis=0)
        scale = x.std(axis=0)
        scale[scale == 0] = 1.0
        w = np.array(weights) * len(rows) / len(names)
        classifier = LogisticRegression(C=0.5, max_iter=2000, solver="lbfgs")
        classifier.fit((x - mean) / scale, np.array(labels), sample_weight=w)
        model = RoleModel(
            tuple(float(v) for v in mean),
            tuple(float(v) for v in scale),
            tuple(float(v) for v in classifier.coef_[0]),
            float(classifier.intercept_[0]),
            0.5,
        )
        probabilities = [model.probability(row) for row in rows]
        threshold = _best_threshold(probabilities, labels, list(w))
        role_models[role] = RoleModel(model.mean, model.scale, model.coef, model.intercept, threshold)
    return Model(role_models, tuple(sorted(corpora)))


def train_files(paths: Sequence[Path]) -> Model:
    """Fit the model on corpus files.

    Args:
        paths: JSON Lines corpora.

    Returns:
        The model.
    """
    return fit({path.name: read_records(path) for path in paths})


def write_model(model: Model, path: Path = MODEL_PATH) -> None:
    """Write a model as stable JSON.

    Args:
        model: The model.
        path: Where to write it.
    """
    path.write_text(json.dumps(model.to_json(), indent=1, sort_keys=True) + "\n", encoding="utf-8")


def main(argv: Sequence[str] | None = None) -> int:
    """`python -m explainer.argument_train [OUT]`: train on the corpora and write the model.

    Args:
        argv: Command-line arguments (default: `sys.argv[1:]`).

    Returns:
        The exit status.
    """
    import sys

    args = list(sys.argv[1:] if argv is None else argv)
    root = Path(__file__).resolve().parents[2]
    paths = [root / name for name in TRAINING_CORPORA]
    missing = [str(p) for p in paths if not p.is_file()]
    if missing:
        print(f"error: training corpora not found: {', '.join(missing)}", file=sys.stderr)
        return 1
    target = Path(args[0]) if args else MODEL_PATH
    write_model(train_files(paths), target)
    print(f"Wrote {target}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
