"""The argument summary a reader sees: advice and actors, whole clauses, concessions with
replies, a short ranked summary, the learned model's file, and robustness on any shape."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from explainer.argument import MainPoints, main_points, summarize_paragraphs
from explainer.argument_cues import actor, is_prescription
from explainer.argument_model import MODEL_PATH, default_model, model_from_json
from explainer.argument_text import split_units
from explainer.argument_train import main as train_main
from explainer.errors import ModelError
from explainer.render import argument_backlinks, argument_block

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.parametrize(
    ("text", "advice"),
    [
        ("The council should fund night buses.", True),
        ("We must act before the winter.", True),
        ("Schools need to hire more nurses.", True),
        ("Write to your representative today.", True),
        ("Please donate to the shelter.", True),
        ("I urge every reader to vote in May.", True),
        ("It is time to end the subsidy.", True),
        ("We call on the mayor to reopen the library.", True),
        ("Let us be clear about the costs.", True),
        ("Smoking must be banned in parks.", True),
        ("The reader must perceive the irony of the scene.", False),
        ("The judges must feel the weight of the case.", False),
        ("This must be a mistake.", False),
        ("There must be a reason for the delay.", False),
        ("They should have acted sooner.", False),
        ("Cities don't have to choose between parks and housing.", False),
        ("Should we fund the buses?", False),
        ("Change is coming to the valley.", False),
        ("Use of force is a last resort.", False),
        ("The committee met on Tuesday.", False),
    ],
)
def test_prescription_is_advice_to_an_actor(text: str, advice: bool) -> None:
    """Advice (modal of duty + action, imperative, explicit advice) is a prescription; a
    necessity of thought, a regret, no duty, a question or a description is not."""
    assert is_prescription(text) is advice


@pytest.mark.parametrize(
    ("text", "who"),
    [
        ("The city council should fund night buses.", "The city council"),
        ("In the long run, Congress must raise the cap.", "Congress"),
        ("Parents and teachers urgently need to talk.", "Parents and teachers"),
        ("We call on the state legislature to act.", "the state legislature"),
        ("It is time for schools to act.", "schools"),
        ("Moreover, the agency should ask its partners to help.", "the agency"),
        ("Write to your representative today.", "the reader"),
        ("These should be banned.", ""),
        ("It should be noted that costs rose.", ""),
        ("And so we must act.", ""),
    ],
)
def test_actor_is_a_noun_phrase(text: str, who: str) -> None:
    """The actor is a noun phrase with a content word, never a pronoun or function word."""
    assert actor(text) == who


@pytest.mark.parametrize(
    ("sentence", "units"),
    [
        (
            "In spite of a very great rise in prices, wages stayed flat.",
            ["In spite of a very great rise in prices, wages stayed flat."],
        ),
        (
            "Although the plan is costly, the city should adopt it.",
            ["Although the plan is costly,", "the city should adopt it."],
        ),
        (
            "The tax is fair, but it comes too late.",
            ["The tax is fair,", "but it comes too late."],
        ),
        ("It works, but slowly.", ["It works, but slowly."]),
        ("Prices rose sharply; wages did not follow.", ["Prices rose sharply; wages did not follow."]),
        ("Granted, prices rose sharply; but wages followed.", ["Granted, prices rose sharply;", "but wages followed."]),
    ],
)
def test_units_are_whole_clauses(sentence: str, units: list[str]) -> None:
    """A phrase without a verb of its own is never cut off as a unit."""
    assert [sentence[s:e] for s, e in split_units(sentence, 0, len(sentence))] == units


def test_concession_is_paired_with_the_reply() -> None:
    """"Admittedly X. But Y": X is a concession and Y its reply."""
    paragraphs = [
        "Cities should build more bike lanes.",
        "Admittedly, bike lanes take space from cars. But they carry more people per metre.",
    ]
    summary = summarize_paragraphs(paragraphs)
    concession = next(u for u in summary.units if u.type == "concession")
    assert concession.text.startswith("Admittedly")
    assert concession.reply is not None
    assert summary.units[concession.reply].text == "But they carry more people per metre."
    points = main_points(summary, share=10.0)
    assert points.concessions[0][1] is summary.units[concession.reply]


LONG = [
    "Our town should replace its diesel buses with electric ones within five years.",
    "The diesel fleet is old. Half of the buses are over fifteen years old, and repairs cost "
    "the town 2 million dollars last year. Electric buses cost more to buy but far less to run.",
    "Clean air matters for children. A 2019 study of 40 schools found that asthma cases fell by "
    "a fifth where diesel buses were retired. Parents noticed the difference within a year.",
    "Admittedly, the batteries are expensive. But state grants cover 60 percent of the price, "
    "and the batteries last longer than the loans that pay for them.",
    "Drivers also prefer the new buses. They are quieter, they are easier to drive, and the "
    "depot is no longer full of fumes in the morning.",
    "Some residents worry about charging at night. Yet the utility has offered a night rate "
    "that halves the cost of power, and other towns have shown that it works.",
    "The council should vote for the plan in March. Residents should write to their "
    "councillors before the vote, and the school board should support the application.",
]


def shown_words(points: MainPoints) -> int:
    """Every word the summary shows, a sentence shown twice counted twice."""
    shown = list(points.brief) + list(points.thesis)
    for claim, evidence in points.claims:
        shown += [claim, *evidence]
    for concession, reply in points.concessions:
        shown += [concession] + ([reply] if reply else [])
    shown += list(points.recommendations)
    return sum(len(re.findall(r"\w+", u.text)) for u in shown)


@pytest.mark.parametrize("share", [0.2, 0.1, 0.05])
def test_main_points_are_short_and_ranked(share: float) -> None:
    """At most five claims (one per paragraph), every word shown within the share of the
    article's words, In brief of 2–4 sentences in text order with the thesis."""
    summary = summarize_paragraphs(LONG, title="Electric buses for our town")
    points = main_points(summary, share=share)
    assert len(points.thesis) in (1, 2)
    assert len(points.claims) <= 5
    assert len({c.paragraph for c, _ in points.claims}) == len(points.claims)
    thesis_words = sum(len(re.findall(r"\w+", u.text)) for u in points.thesis)
    assert shown_words(points) <= max(share * summary.words, thesis_words)
    if points.brief:
        assert 2 <= len(points.brief) <= 4
        assert set(points.thesis) <= set(points.brief)
        assert list(points.brief) == sorted(points.brief, key=lambda u: (u.paragraph, u.start))
    for unit in points.recommendations:
        assert unit.advice and unit.confidence >= 0.5


def test_summary_block_shows_the_structure() -> None:
    """The page's block: In brief with ¶ links, the thesis, numbered claims with evidence,
    concessions with the author's replies, recommendations with who should act, and an
    anchor for every item that the paragraphs link back to."""
    summary = summarize_paragraphs(LONG, title="Electric buses for our town")
    points = main_points(summary, share=10.0)
    block = argument_block(points)
    assert block.startswith('???+ abstract "Argument summary (generated)"')
    assert "**In brief:**" in block and "**Thesis:**" in block
    assert len(points.thesis) == 2  # seven paragraphs: stated and restated
    assert block.count("{ #arg-thesis") == 2  # each thesis sentence with its own ¶ link
    assert re.search(r"^    1\. “", block, re.M)
    assert "*Grants:*" in block and "*Replies:*" in block
    assert "who should act:* The council" in block
    assert "by:" not in block
    anchors = re.findall(r"\{ #(arg-[\w-]+)", block)
    assert len(anchors) == len(set(anchors))
    backlinks = argument_backlinks(points)
    assert {anchor for links in backlinks.values() for anchor, _ in links} == set(anchors)


@pytest.mark.parametrize(
    "paragraphs",
    [
        ["1.", "2. Raise the budget for buses.", "Go", "—"],
        ["no punctuation at all in this text " * 50],
        ["Yes.", "No.", "Maybe?"],
        ["A. B. C. D. E. " * 200],
        ["We must act. " * 10_000],
        ["", "   ", "\t"],
        ["But but but but but, but; but although, although."],
    ],
)
def test_any_shape_never_raises(paragraphs: list[str]) -> None:
    """Lists, one-word lines, no punctuation, 10,000 sentences: a summary, never an error."""
    summary = summarize_paragraphs(paragraphs)
    points = main_points(summary)
    for unit in summary.units:
        assert paragraphs[unit.paragraph - 1][unit.start : unit.end] == unit.text
    assert len(points.claims) <= 5


def test_committed_model_is_valid_and_small() -> None:
    """The committed model reads, knows every ranked role, and is far under 5 MB."""
    model = default_model()
    assert set(model.roles) == {"thesis", "claim", "premise", "concession"}
    assert MODEL_PATH.stat().st_size < 5_000_000


@pytest.mark.parametrize(
    "damage",
    [
        lambda d: d.update(features=["other"]),
        lambda d: d["roles"]["claim"].update(coef=[1.0]),
        lambda d: d["roles"]["claim"].update(threshold=7),
        lambda d: d["roles"]["claim"].update(scale=[0.0] * len(d["features"])),
        lambda d: d["roles"]["claim"].pop("intercept"),
        lambda d: d.update(roles=[]),
    ],
)
def test_damaged_model_is_refused(damage: object) -> None:
    """A model file for other features, or with wrong sizes or numbers, is refused clearly."""
    data = json.loads(MODEL_PATH.read_text(encoding="utf-8"))
    damage(data)  # type: ignore[operator]
    with pytest.raises(ModelError, match="model"):
        model_from_json(data, "model.json")


def test_training_reproduces_the_committed_model(tmp_path: Path) -> None:
    """`make model` retrains from the corpora: the same bytes twice, and the committed model."""
    target = tmp_path / "model.json"
    assert train_main([str(target)]) == 0
    again = tmp_path / "again.json"
    assert train_main([str(again)]) == 0
    assert target.read_bytes() == again.read_bytes()  # deterministic on one machine
    fresh = json.loads(target.read_text(encoding="utf-8"))
    committed = json.loads(MODEL_PATH.read_text(encoding="utf-8"))
    # Another machine's floating point may differ in the last digits, not more.
    assert close(fresh, committed), "the committed model is stale: retrain with `make model`"


def close(a: object, b: object, tolerance: float = 1e-3) -> bool:
    """Equal structure, numbers within `tolerance`."""
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(close(a[k], b[k], tolerance) for k in a)
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(close(x, y, tolerance) for x, y in zip(a, b, strict=True))
    if isinstance(a, (int, float)) and isinstance(b, (int, float)):
        return abs(a - b) <= tolerance
    return a == b


def test_essays_corpus_is_built_from_the_readers_gold(tmp_path: Path) -> None:
    """essays.jsonl is what essays.py builds from the texts and the readers' gold today (a
    parser change that moves a gold sentence shows here), and every unit is verbatim."""
    import subprocess
    import sys

    script = ROOT / "tests" / "corpus" / "argument" / "essays.py"
    target = tmp_path / "essays.jsonl"
    done = subprocess.run(
        [sys.executable, str(script), "build", str(target)], capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr
    committed = ROOT / "tests" / "corpus" / "argument" / "essays.jsonl"
    assert target.read_bytes() == committed.read_bytes(), "rebuild: essays.py build"
    records = [json.loads(line) for line in committed.read_text(encoding="utf-8").splitlines()]
    assert len(records) >= 75
    assert sum(1 for r in records if r["major_claims"]) >= 70
    for record in records:
        for key in ("major_claims", "claims", "concessions", "recommendations"):
            for unit in record[key]:
                assert record["text"][unit["start"] : unit["end"]] == unit["text"]


def test_method_page_tables_come_from_the_report() -> None:
    """The method page's tables: one per corpus, what its model was trained on, the summarizer
    beside the four baselines, the best value of each row in bold."""
    from explainer.render import eval_tables

    report = json.loads((ROOT / "data" / "eval.json").read_text(encoding="utf-8"))
    tables = eval_tables(report)
    for name, scores in report.items():
        assert f"**{name}** ({scores['records']} texts; model trained on " in tables
    header = next(line for line in tables.splitlines() if line.startswith("| Measure"))
    assert header.count("|") == 7  # measure, summarizer, four baselines
    micro = tables.split("**microtexts-part1.jsonl**")[1].split("\n\n**")[0]
    thesis_row = next(line for line in micro.splitlines() if line.startswith("| Thesis accuracy"))
    best = report["microtexts-part1.jsonl"]["summarizer"]["thesis_accuracy"]
    assert thesis_row.split("|")[2].strip() == f"**{best:.2f}**"
    assert eval_tables({}).startswith("*No evaluation report")
