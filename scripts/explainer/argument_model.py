"""The learned ranker: logistic models over unit features, stored as plain JSON.

The model is trained by `explainer.argument_train` from annotated corpora and committed as
`argument_model.json` beside this module. Reading it needs no machine-learning library: a
probability is a dot product and a logistic function. The file holds numbers only, so a
damaged or foreign file is refused with a clear message rather than run.
"""

from __future__ import annotations

import functools
import json
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from explainer.argument_features import FEATURES
from explainer.errors import ModelError

MODEL_PATH = Path(__file__).with_name("argument_model.json")
"""Where the trained model is committed."""

ROLES = ("thesis", "claim", "premise", "concession")
"""The roles the model scores; recommendations are found by rule (`argument_cues`)."""


LICENCE = (
    "CC BY-NC-SA 4.0: weights learned from Peldszus & Stede (2015), arg-microtexts (CC BY-NC-SA 4.0); "
    "Park & Cardie (2018), Cornell eRulemaking Corpus (ODbL 1.0); "
    "Mayer, Cabrio & Villata (2020), AbstRCT (CC BY-NC-SA 4.0); "
    "the project's readers' annotations of real essays (texts in the public domain or under "
    "CC0, CC BY or MIT: tests/corpus/*/SOURCES*.md)"
)
"""The licence of the trained model, which follows its training data's."""


@dataclass(frozen=True)
class RoleModel:
    """A logistic model of one role over standardised features."""

    mean: tuple[float, ...]
    """Mean of each feature in the training data."""
    scale: tuple[float, ...]
    """Standard deviation of each feature (1 where it was 0)."""
    coef: tuple[float, ...]
    """Weight of each standardised feature."""
    intercept: float
    """Bias."""
    threshold: float
    """Probability from which a unit takes the role (fitted on the training corpora)."""

    def probability(self, vector: Sequence[float]) -> float:
        """The probability that a unit with these features has the role.

        Args:
            vector: Features in the order of `FEATURES`.

        Returns:
            A probability in (0, 1).
        """
        z = self.intercept + sum(
            c * (x - m) / s for c, x, m, s in zip(self.coef, vector, self.mean, self.scale, strict=True)
        )
        return 1.0 / (1.0 + math.exp(-max(-60.0, min(60.0, z))))


@dataclass(frozen=True)
class Model:
    """One logistic model per role, and the corpora it was trained on."""

    roles: Mapping[str, RoleModel]
    """The role models, by role."""
    trained_on: tuple[str, ...]
    """Names of the training corpora."""

    def to_json(self) -> dict[str, object]:
        """The model as JSON-ready data (numbers rounded so the file is stable).

        Returns:
            A dictionary.
        """
        return {
            "features": list(FEATURES),
            "licence": LICENCE,
            "trained_on": list(self.trained_on),
            "roles": {
                role: {
                    "mean": [round(v, 6) for v in m.mean],
                    "scale": [round(v, 6) for v in m.scale],
                    "coef": [round(v, 6) for v in m.coef],
                    "intercept": round(m.intercept, 6),
                    "threshold": round(m.threshold, 3),
                }
                for role, m in sorted(self.roles.items())
            },
        }


def model_from_json(data: object, origin: str = "model") -> Model:
    """Check and read a model.

    Args:
        data: Parsed JSON.
        origin: Name of the file, for messages.

    Returns:
        The model.

    Raises:
        ModelError: The data is not a model for these features.
    """
    if not isinstance(data, dict) or data.get("features") != list(FEATURES):
        raise ModelError(f"{origin}: not a model for these features; retrain with `make model`")
    roles: dict[str, RoleModel] = {}
    raw_roles = data.get("roles")
    if not isinstance(raw_roles, dict):
        raise ModelError(f"{origin}: no roles")
    width = len(FEATURES)
    for role, raw in raw_roles.items():
        try:
            vectors = [tuple(float(v) for v in raw[key]) for key in ("mean", "scale", "coef")]
            intercept, threshold = float(raw["intercept"]), float(raw["threshold"])
        except (KeyError, TypeError, ValueError) as error:
            raise ModelError(f"{origin}: role {role!r} is damaged ({error})") from None
        if any(len(v) != width for v in vectors) or any(s <= 0 for s in vectors[1]):
            raise ModelError(f"{origin}: role {role!r} has vectors of the wrong size")
        if not all(math.isfinite(v) for vec in vectors for v in vec) or not 0 < threshold < 1:
            raise ModelError(f"{origin}: role {role!r} holds numbers out of range")
        roles[str(role)] = RoleModel(vectors[0], vectors[1], vectors[2], intercept, threshold)
    trained_on = data.get("trained_on", [])
    return Model(roles, tuple(str(n) for n in trained_on) if isinstance(trained_on, list) else ())


@functools.cache
def default_model() -> Model:
    """The committed model (read once per process).

    Returns:
        The model.

    Raises:
        ModelError: The committed file is missing or damaged.
    """
    try:
        data = json.loads(MODEL_PATH.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise ModelError(f"{MODEL_PATH}: cannot read the argument model ({error})") from None
    return model_from_json(data, str(MODEL_PATH))
