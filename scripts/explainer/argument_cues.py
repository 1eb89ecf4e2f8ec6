"""Cue words of argument, and the prescription rule: advice to an actor, and who that actor is.

Every pattern here is anchored or bounded by words, so each runs in linear time on any
input. The cues are features for the learned ranker (`argument_features`); the prescription
rule is a rule, not learned: a sentence is a recommendation when it advises someone to act.
"""

from __future__ import annotations

import re

OPINION = re.compile(
    r"\b(?:i|we) (?:strongly |firmly |really |do )?(?:believe|think|feel|am convinced|are convinced|argue|maintain|hold|contend|agree|disagree|support|oppose)\b"
    r"|\bin (?:my|our) (?:view|opinion|judgment|judgement)\b|\bpersonally\b|\bi am (?:for|against)\b"
    r"|\bi (?:can|must|would) (?:only |strongly |highly )?recommend\b"
    r"|\bmy (?:position|view|opinion|stance) is\b",
    re.IGNORECASE,
)
"""The writer states a position in the first person."""

DEONTIC = re.compile(
    r"\b(?:should|ought to|must|need(?:s)? to|has to|have to|had better)\b"
    r"|\b(?:we|society|everyone|everybody) (?:urgently |really |badly |now |still |simply )?need\b",
    re.IGNORECASE,
)
"""A modal of duty or advice (also the simple modal-verb rule of the baseline)."""

CONCLUSION = re.compile(
    r"^(?:in conclusion|to conclude|in summary|to sum up|in sum|in short|all in all|overall|ultimately"
    r"|therefore|thus|hence|consequently|for (?:these|all these|this) reasons?|that is why|this is why"
    r"|so\b|in the end|finally|in brief)\b",
    re.IGNORECASE,
)
"""The sentence draws a conclusion."""

INFERENCE = re.compile(
    r"\b(?:therefore|thus|hence|consequently|accordingly)\b|\b(?:that|this|which) is (?:why|the reason)\b|\bthat's why\b",
    re.IGNORECASE,
)
"""A marker of inference anywhere in the unit ("X is therefore Y", "that's why…")."""

CONCESSION = re.compile(
    r"^(?:yes|of course|admittedly|granted|true|sure|certainly|naturally|it is true|it's true|it is certainly true"
    r"|although|though|even (?:if|though)|while|whilst|despite|in spite of|notwithstanding|on the one hand"
    r"|(?:some|many|most|several|other)(?: \w+)? (?:people |critics |observers |experts |students |parents )?(?:say|argue|claim|think|believe|feel|object|contend|point out|may say|might say|would say|may argue|might argue|would argue)"
    r"|critics|opponents|skeptics|sceptics|it (?:may|might|could|can) be (?:argued|said|objected|claimed)|one (?:may|might|could|can) (?:argue|object|say|claim)"
    r"|(?:the|a) (?:common|usual|standard) (?:objection|argument|view)|it is often (?:said|argued|claimed)|proponents|supporters)\b",
    re.IGNORECASE,
)
"""The unit grants a point to the other side, or gives it a voice."""

CONTRAST = re.compile(
    r"^(?:but|however|nevertheless|nonetheless|yet|still|even so|on the other hand|that said|all the same|instead|rather|on the contrary|in fact)\b",
    re.IGNORECASE,
)
"""The unit turns against what came before."""

REASON = re.compile(
    r"^(?:because|since|for one thing|for another|first(?:ly)?|second(?:ly)?|third(?:ly)?|lastly|moreover|furthermore"
    r"|in addition|additionally|besides|also|after all|above all|what is more|not only|indeed|crucially|importantly|another)\b",
    re.IGNORECASE,
)
"""The unit gives a reason."""

EXAMPLE = re.compile(
    r"\b(?:for (?:example|instance)|such as|according to|e\.g\.|to illustrate|a case in point|studies|study|survey|research|data|statistics?|reported|percent|per cent)\b",
    re.IGNORECASE,
)
"""The unit reports an example, a source or data."""

NUMBER = re.compile(r"\d")
"""A number: evidence is often counted."""

MAIN_POINT = re.compile(
    r"\b(?:the|my|our|this|his|her|their) (?:main|chief|central|real|only|whole|paramount|principal|fundamental|first|great|true|simple) "
    r"(?:point|object|aim|purpose|question|problem|issue|lesson|principle|truth|reason|task|goal|thesis|argument|conclusion|contention|concern)\b"
    r"|\b(?:the|my) (?:point|thesis|argument|contention|conclusion|claim) (?:is|here is)\b"
    r"|\b(?:the truth is|the fact is|the point is|the question is|the lesson is|in a word|the key is|what matters is|i (?:say|maintain|submit|hold|contend) that)\b",
    re.IGNORECASE,
)
"""The writer says that this is the main point (metadiscourse)."""

HEDGE = re.compile(
    r"\b(?:may|might|could|perhaps|possibly|probably|likely|unlikely|seems?|appears?|suggests?|somewhat|arguably)\b",
    re.IGNORECASE,
)
"""The writer hedges."""

VALUE = re.compile(
    r"\b(?:good|bad|better|best|worse|worst|wrong|right|fair|unfair|important|essential|necessary|crucial|vital|beneficial|harmful"
    r"|dangerous|unacceptable|ridiculous|absurd|great|terrible|positive|negative|benefit|problem|mistake|should|must"
    r"|appropriate|inappropriate|responsible|irresponsible|desirable|undesirable|wise|unwise|justified|unjustified"
    r"|acceptable|sensible|reasonable|unreasonable|fair|out of the question)\b",
    re.IGNORECASE,
)
"""A judgement of value."""

FIRST_SINGULAR = re.compile(r"\b(?:i|me|my|mine|myself)\b", re.IGNORECASE)
FIRST_PLURAL = re.compile(r"\b(?:we|us|our|ours|ourselves)\b", re.IGNORECASE)
SECOND_PERSON = re.compile(r"\b(?:you|your|yours)\b", re.IGNORECASE)

_ADVICE = re.compile(
    r"\b(?:i|we) (?:would |can |must )?(?:only |strongly |respectfully |therefore |highly )?(?:urge|recommend|propose|suggest|ask|request|encourage|call on|call upon|implore|appeal to)\b"
    r"|\b(?:it is|it's) (?:high |about )?time (?:to|for|that)\b"
    r"|\b(?:it is|it's|it would be) (?:essential|necessary|imperative|crucial|vital|important|advisable|wise|best) (?:that|to|for)\b"
    r"|\b(?:would do well to|let us|let's)\b"
    r"|\b(?:is|are) (?:urged|encouraged|advised|requested) to\b"
    r"|\bplease\b",
    re.IGNORECASE,
)
"""Explicit advice, whatever the grammar around it."""

_MODAL_VERB = re.compile(
    r"\b(?P<modal>should|ought to|must|needs? to|has to|have to|had better)"
    r"(?P<neg> not|n[’']t)?(?: (?:also|still|now|really|simply|certainly|definitely|always|never|either|immediately|urgently|instead|therefore|thus|then|at least|first))*"
    r" (?P<verb>[a-z]+)(?: (?P<next>[a-z]+))?",
    re.IGNORECASE,
)
NO_DUTY = re.compile(
    r"(?:n[’']t|\bnot|\bnever|\bno longer) (?:have|has|need|needs) to\b", re.IGNORECASE
)
"""`don't have to`, `need not`: the text denies a duty."""
_INFERENCE_VERBS = frozenset(
    """perceive see know realize realise understand recognise recognize conclude infer feel seem appear
    suppose presume assume think believe notice observe admit confess acknowledge remember""".split()
)
"""After `must`, a verb of knowing describes a necessity of thought, not advice."""
_EPISTEMIC_AFTER_BE = re.compile(
    r"^(?:a|an|the|one|some|very|quite|so|true|false|right|wrong|clear|obvious|evident|plain|that|this|because|due|more|less|about|in|of|at)$",
    re.IGNORECASE,
)
_QUESTION = re.compile(r"\?[\"”’')\]]*\s*$")
_IMPERATIVE = re.compile(
    r"^(?:please |just |so |now |then |therefore |and |finally |instead |first )?(?:do not |don[’']t |never |always )?"
    r"(?P<verb>act|add|adopt|allow|apply|ask|avoid|ban|be|begin|build|buy|call|change|choose|commit|consider|contact|continue|create|cut|demand|donate|drop|email|encourage|end|ensure|expand|fight|fix|focus|fund|get|give|go|help|hold|impose|include|increase|invest|join|keep|leave|limit|make|move|pass|pay|phone|protect|provide|push|put|raise|read|reduce|refuse|reject|remove|repeal|require|restore|retain|return|save|sell|send|set|share|show|sign|speak|spend|start|stop|support|take|talk|tell|treat|try|urge|use|visit|vote|volunteer|wait|withdraw|write)\b",
    re.IGNORECASE,
)
"""A sentence that opens with a bare verb of action gives an order or advice."""
_PAST_MODAL = re.compile(r"\b(?:should|ought to|must) (?:not )?have\b", re.IGNORECASE)
_FUNCTION_WORDS = frozenset(
    """a an and are as at be been but by can could do does for from had has have he her his i if in into is it its
    me my no not of on or our she so such than that the their them then there these they this those to too us was
    we were what when where which while who whom whose why will with would you your one someone anyone everyone
    nobody something anything everything both either neither each all any some many much more most other others
    also thus therefore however hence yet still only just even really simply else""".split()
)


def is_question(text: str) -> bool:
    """Whether the sentence asks (ends with a question mark).

    Args:
        text: A sentence.

    Returns:
        True for a question.
    """
    return _QUESTION.search(text) is not None


def is_prescription(text: str) -> bool:
    """Whether a unit advises an actor to act.

    Advice: a modal of duty followed by an action (`The council should fund buses`, `we must
    act`), an imperative (`Write to your representative`), or explicit advice (`I urge…`,
    `it is time to…`, `let us…`). Not advice: a question, no duty (`need not`, `don't have
    to`), a necessity of thought (`the reader must perceive`, `this must be a mistake`), or a
    regret about the past (`they should have acted`).

    Args:
        text: A unit or sentence.

    Returns:
        True when the text is a prescription.

    Examples:
        >>> is_prescription("The council should fund night buses.")
        True
        >>> is_prescription("The reader must perceive the irony.")
        False
        >>> is_prescription("This must be a mistake.")
        False
        >>> is_prescription("Write to your representative today.")
        True
    """
    if is_question(text):
        return False
    if _ADVICE.search(text):
        return True
    if _IMPERATIVE.match(text.lstrip("“\"'‘(")) and not _IMPERATIVE_FALSE_START.match(text):
        return True
    if NO_DUTY.search(text) or _PAST_MODAL.search(text):
        return False
    for match in _MODAL_VERB.finditer(text):
        modal = match.group("modal").lower()
        verb = match.group("verb").lower()
        following = (match.group("next") or "").lower()
        if modal == "must":
            subject = _subject_before(text, match.start())
            if verb in _INFERENCE_VERBS and subject.lower() not in ("we", "you", "i"):
                continue
            if verb == "be" and _EPISTEMIC_AFTER_BE.match(following) and subject.lower() in (
                "it",
                "this",
                "that",
                "there",
                "these",
                "those",
                "he",
                "she",
                "they",
            ):
                continue
        return True
    return False


_IMPERATIVE_FALSE_START = re.compile(
    r"^[“\"'‘(]?\S+\s+(?:of|is|was|are|were|has|had|will|would|can|could|may|might|and|or)\b",
    re.IGNORECASE,
)
"""An opening word that is a noun, not an order: `Change is coming`, `Use of force…`."""


def _subject_before(text: str, position: int) -> str:
    """The words between the last clause boundary and `position`, without trailing adverbs."""
    before = re.split(
        r"[,;:—–()]|\b(?:that|but|so|because|if|when|which|who|although|though|while|whereas|since|unless|means)\b",
        text[:position][-200:],
        flags=re.IGNORECASE,
    )[-1]
    words = before.split()
    while words and (words[-1].lower().endswith("ly") or words[-1].lower() in ("also", "still", "now", "then", "too", "not")):
        words.pop()
    return " ".join(words)


def actor(text: str) -> str:
    """Who a prescription addresses: a noun phrase with a content word, or nothing.

    `The city council should…` → `The city council`; `We call on the mayor to…` → `the mayor`;
    `it is time for schools to…` → `schools`; an imperative → `the reader`. Pronouns and
    other function words are never an actor.

    Args:
        text: A unit that is a prescription.

    Returns:
        The actor, or an empty string.

    Examples:
        >>> actor("The city council should fund night buses.")
        'The city council'
        >>> actor("These should be banned.")
        ''
        >>> actor("We call on the state legislature to act.")
        'the state legislature'
    """
    modal = _MODAL_VERB.search(text)
    if modal is not None:
        subject = _noun_phrase(_subject_before(text, modal.start()))
        if subject:
            return subject
    called = re.search(
        r"\b(?:call(?:s)? (?:on|upon)|urge|urges|ask|asks|encourage|encourages|appeal to)\s+(?P<np>(?:the |our |all |every |local |each )?[\w’'\-]+(?: [\w’'\-]+){0,4}?)\s+to\b",
        text,
        re.IGNORECASE,
    )
    if called:
        return _noun_phrase(called.group("np"))
    time_for = re.search(r"\b(?:time|imperative|essential|necessary|vital|crucial|important) (?:for|that) (?P<np>[\w’'\- ]{2,60}?) (?:to|not|should|must|\w+s)\b", text, re.IGNORECASE)
    if time_for:
        return _noun_phrase(time_for.group("np"))
    if _IMPERATIVE.match(text.lstrip("“\"'‘(")):
        return "the reader"
    return ""


def _noun_phrase(words: str) -> str:
    """The phrase when it is a short noun phrase with a content word, else nothing."""
    phrase = re.sub(
        r"^(?:and|but|so|thus|therefore|moreover|however|furthermore|then|also|instead|now)\s+",
        "",
        words.strip(),
        flags=re.IGNORECASE,
    ).strip(" \"“”'’")
    tokens = phrase.split()
    if not 1 <= len(tokens) <= 6:
        return ""
    if tokens[-1].lower() in _FUNCTION_WORDS or tokens[0].lower() in ("it", "this", "that", "there", "which", "what", "these", "those", "they", "he", "she", "we", "you", "i", "one"):
        return ""
    if not any(t.lower().strip(".,") not in _FUNCTION_WORDS for t in tokens):
        return ""
    if any(t.lower() in ("is", "are", "was", "were", "would", "could", "will", "can", "do", "does") for t in tokens):
        return ""
    return phrase
