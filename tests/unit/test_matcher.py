"""The phrase matcher of core/text.py: what must match, what must never match, exact spans."""

from __future__ import annotations

import pytest

from callback_sim.core.text import (
    Token,
    correction,
    count_words,
    find_phrase,
    normalize,
    phrase_set,
    scan,
    scoring_scan,
    split_point,
    stem,
    tokenize,
    typo_budget,
)

# (phrase, text, the exact evidence the match must slice from text)
MUST_MATCH: list[tuple[str, str, str]] = [
    # exact and case
    ("stakeholders", "I met the stakeholders weekly.", "stakeholders"),
    ("Stakeholders", "STAKEHOLDERS agreed", "STAKEHOLDERS"),
    ("reduced", "We Reduced churn", "Reduced"),
    # plurals and third person
    ("KPI", "We tracked three KPIs.", "KPIs"),
    ("KPI", "our KPI's owner", "KPI's"),
    ("stakeholder", "stakeholders", "stakeholders"),
    ("company", "two companies merged", "companies"),
    ("process", "our processes", "processes"),
    ("match", "it matches", "matches"),
    ("box", "three boxes", "boxes"),
    ("team", "the team's goal", "team's"),
    ("team", "the teams' goals", "teams"),  # a trailing apostrophe may be a quote
    ("metrics", "one metric", "metric"),
    ("AI", "our AIs", "AIs"),
    ("PM", "two PMs", "PMs"),
    # -ed, -ing, -ied, doubled consonants, silent e
    ("negotiate", "I negotiated the contract", "negotiated"),
    ("negotiate", "while negotiating", "negotiating"),
    ("negotiated", "we negotiate yearly", "negotiate"),
    ("mentoring", "I mentored two juniors", "mentored"),
    ("mentor", "mentoring is fun", "mentoring"),
    ("plan", "we planned it", "planned"),
    ("planning", "I plan quarterly", "plan"),
    ("planned", "planning ahead", "planning"),
    ("stop", "we stopped the launch", "stopped"),
    ("ship", "we shipped on time", "shipped"),
    ("ship", "shipping weekly", "shipping"),
    ("commit", "I committed to it", "committed"),
    ("study", "we studied usage", "studied"),
    ("apply", "she applied fixes", "applied"),
    ("apply", "he applies it", "applies"),
    ("hire", "we hired four", "hired"),
    ("hire", "hiring freeze", "hiring"),
    ("hope", "hoping for more", "hoping"),
    ("use", "we used Kafka", "used"),
    ("use", "using Kafka", "using"),
    ("make", "making progress", "making"),
    ("scale", "we scaled the service", "scaled"),
    ("scale", "scaling up", "scaling"),
    ("agree", "we agreed on scope", "agreed"),
    ("staff", "fully staffed", "staffed"),
    ("install", "installed agents", "installed"),
    ("control", "a controlled rollout", "controlled"),
    ("call", "she called me", "called"),
    ("date", "we dated the release", "dated"),
    ("create", "created a guild", "created"),
    ("manage", "I managed five people", "managed"),
    ("add", "we added tests", "added"),
    ("get", "getting buy-in", "getting"),
    # irregular past forms
    ("lead", "I led the migration", "led"),
    ("led", "I lead the migration", "lead"),
    ("build", "we built a pipeline", "built"),
    ("grow", "revenue grew", "grew"),
    ("teach", "I taught SQL", "taught"),
    # British and American spelling
    ("prioritise", "we prioritized bugs", "prioritized"),
    ("prioritize", "prioritising bugs", "prioritising"),
    ("organization", "the organisation grew", "organisation"),
    ("analyse", "I analyzed the data", "analyzed"),
    # typos, with a budget that grows with length
    ("stakeholders", "met the stakeholdrs", "stakeholdrs"),
    ("stakeholders", "met the stakehodlers", "stakehodlers"),
    ("management", "stakeholder managment", "managment"),
    ("negotiate", "I negociated", "negociated"),
    ("budget", "under bugdet", "bugdet"),
    ("strategy", "our stratgy", "stratgy"),
    ("engineers", "six enginers", "enginers"),
    ("communication", "clear comunicaton", "comunicaton"),
    ("collaborate", "we colaborated", "colaborated"),
    # typos anywhere in the word, also in short words, when the word is no English word
    ("team", "the tema agreed", "tema"),
    ("result", "the rsult was good", "rsult"),
    ("escalated", "I ecalated it", "ecalated"),
    # three letters: two neighbouring letters swapped, nothing else
    ("gap", "the biggest agp is depth", "agp"),
    ("the team", "I met teh team", "teh team"),
    ("stakeholders", "met the tsakeholders", "tsakeholders"),
    # derivations
    ("measurable", "we could measure it", "measure"),
    ("ownership", "I own the roadmap", "own"),
    ("negotiate", "the negotiation went well", "negotiation"),
    # spelled-out numbers
    ("30 days", "in the first thirty days", "thirty days"),
    ("thirty days", "by 30 days", "30 days"),
    # contractions typed without an apostrophe, and spelled out
    ("I'd do it differently", "Id do it differently", "Id do it differently"),
    ("did not", "I didnt agree", "didnt"),
    ("didn't", "I did not agree", "did not"),
    ("not on board", "she wasn't on board at first", "wasn't on board"),
    ("not convinced", "they werent convinced", "werent convinced"),
    # a phrase's "them" stands for whoever the answer is about
    ("walked them through", "I walked her through the numbers", "walked her through"),
    ("brought them in", "we brought him in early", "brought him in"),
    ("I would", "I'd say so", "I'd"),
    # ... and its "she" for any third person
    ("she had a point", "they had a point about the cost", "they had a point"),
    # "I" in another form of the same tense family: what is or was so ...
    ("I was worried", "I worried it would slip", "I worried"),
    ("I worried", "I was worried it would slip", "I was worried"),
    ("I've tried", "I tried it twice", "I tried"),
    # ... or what would or will be
    ("I'd map", "I'll map every team", "I'll map"),
    # gapped phrases: a few small words may stand between a phrase's words
    ("saw it", "I saw all of it", "saw all of it"),
    ("reduced churn", "we reduced our churn", "reduced our churn"),
    # ... and a question's subject after its auxiliary
    ("would miss", "What would they miss most?", "would they miss"),
    ("did decide", "How did you decide?", "did you decide"),
    # ... and words of size or degree: "a real wobble" is still "a wobble"
    ("a wobble", "I had a real wobble about it", "a real wobble"),
    ("pay cut", "it meant a pay cut", "pay cut"),
    ("a pay cut", "it meant a big pay cut", "a big pay cut"),
    ("one thing", "one really big thing", "one really big thing"),
    # hyphen, space and joined variants
    ("handover", "a clean hand-over", "hand-over"),
    ("handover", "a clean hand over", "hand over"),
    ("hand over", "a clean handover", "handover"),
    ("hand-over", "a clean hand over", "hand over"),
    ("hand over", "a clean hand-over", "hand-over"),
    ("one on ones", "weekly one-on-ones", "one-on-ones"),
    ("one-on-one", "weekly one on ones", "one on ones"),
    ("one-on-one", "weekly oneonones", "oneonones"),
    ("control group", "a control-group test", "control-group"),
    ("control-group", "the control group", "control group"),
    ("follow up", "a quick follow-up", "follow-up"),
    ("follow-up", "a quick followup", "followup"),
    ("30/60/90 day plan", "my 30-60-90 day plan", "30-60-90 day plan"),
    ("cross-functional", "a cross functional team", "cross functional"),
    ("hand over", "hand\u2011over", "hand\u2011over"),  # non-breaking hyphen
    ("hand over", "hand \u2013 over", "hand \u2013 over"),  # spaced en dash
    # multi-word phrases: consecutive words, inflected
    ("reduce churn", "we reduced churn by 12%", "reduced churn"),
    ("look forward", "I'm looking forward to it", "looking forward"),
    ("point of contact", "the points of contact", "points of contact"),
    ("decided to", "I decided to pause", "decided to"),
    ("hand over", "hand\nover", "hand\nover"),  # a line break is not a sentence break
    # apostrophes and curly quotes
    ("can't wait", "I can’t wait to start", "can’t wait"),
    ("can’t wait", "I can't wait to start", "can't wait"),
    ("cant wait", "I can't wait", "can't wait"),
    ("team's", "the team’s roadmap", "team’s"),
    ("don't know", "I don\u02bct know", "don\u02bct know"),
    # Unicode forms (NFKC), accents, full-width letters, ligatures
    ("AI", "we shipped ＡＩ features", "ＡＩ"),
    ("KPI", "ＫＰＩｓ", "ＫＰＩｓ"),
    ("efficient", "an e\ufb03cient team", "e\ufb03cient"),
    ("resume", "my résumé", "résumé"),
    ("café", "the cafe", "cafe"),
    ("cafe", "the cafe\u0301 next door", "cafe\u0301"),
    ("straße", "STRASSE", "STRASSE"),
    # symbols stand for their words
    ("percent", "cut costs 40%", "%"),
    ("%", "forty percent", "percent"),
    ("percent", "cut costs 40％", "％"),
    ("dollars", "saved $2m", "$"),
    # numbers and short words match exactly
    ("60", "by 60 percent", "60"),
    ("1200", "1,200 users", "1,200"),
    ("3.5", "a 3.5 rating", "3.5"),
    ("Q3", "in q3", "q3"),
    ("led", "I led it", "led"),
    ("AI", "ai tools", "ai"),
    ("PM", "as a PM I", "PM"),
    ("IT", "the IT team", "IT"),
    ("US", "the US market", "US"),
    ("OKRs", "our OKR", "OKR"),
    # other scripts
    ("データ", "この データ を", "データ"),
    ("تحليل", "قمت تحليل البيانات", "تحليل"),
    ("नमस्ते", "सब को नमस्ते कहा", "नमस्ते"),
]

# (phrase, text): look-alikes, words inside words, short words, broken phrases.
MUST_NOT_MATCH: list[tuple[str, str]] = [
    # a subject may stand between an auxiliary and its verb only
    ("reduced churn", "we reduced they churn"),
    # across tense families "I" is another point: "I'd enjoy" the job is not "I enjoy" it
    ("I'd enjoy", "I actually enjoy taking over messy code"),
    ("I'm weighing", "I'll weigh the offers next week"),
    # never inside another word
    ("led", "I called him"),
    ("led", "scheduled calls"),
    ("ship", "our relationship"),
    ("ship", "leadership matters"),
    ("AI", "maintain uptime"),
    ("AI", "I said so"),
    ("team", "full steam ahead"),
    ("team", "teammates"),
    ("cat", "communication"),
    ("plan", "explanation"),
    ("data", "metadata"),
    ("lead", "misleading"),
    ("sale", "wholesale"),
    ("art", "start"),
    # short words need an exact or inflected match
    ("gap", "the biggest gxp"),  # three letters: a changed letter is not a typo
    ("gap", "the biggest ga"),
    ("data", "the date"),
    ("date", "the data"),
    ("plan", "a new plant"),
    ("scale", "sales grew"),
    ("sales", "to scale"),
    ("hire", "fired"),
    ("hired", "fired"),
    ("team", "tear"),
    ("led", "let"),
    ("cost", "cast"),
    ("KPI", "KPA"),
    ("PM", "PR"),
    ("hope", "hop"),
    ("goal", "goat"),
    ("risk", "disk"),
    # mid-length look-alikes: another real word, not a typo
    ("market", "a marker pen"),
    ("leader", "a loader script"),
    ("profit", "my profile"),
    ("product", "we produce"),
    ("revenue", "revenge"),
    ("design", "resign"),
    ("assess", "access"),
    ("affect", "effect"),
    ("except", "expect"),
    ("recruiter", "we recruited"),
    ("engineer", "the engine"),
    ("manager", "it manages"),
    # acronyms that are common words only match in capitals
    ("IT", "it works"),
    ("PM", "at 3 pm"),
    ("US", "join us"),
    # numbers are exact
    ("60", "by 80 percent"),
    ("2023", "in 2024"),
    # multi-word phrases need consecutive words in one sentence
    ("reduce churn", "we reduced cost and churn"),
    ("hand over", "my hand. Over the year"),
    ("one on one", "one in one"),
    ("can't wait", "I can wait"),
    ("point of contact", "the point is contact"),
    ("control group", "control, the group"),
    # a known English word is never a typo of another word
    ("content", "the context matters"),
    ("though", "we went through it"),
    ("expert", "I expect it"),
    ("contract", "my contact there"),
    ("team", "a tear in it"),
    # a name in the word list is not a typo either
    ("data", "I asked Dana first"),
    # joining needs a hyphen or space, and parts of two letters or more
    ("handover", "hand, over"),
    ("AI", "A I"),
    ("plant", "plan t"),
    # words that share a root by spelling only are not derivations of each other
    ("candidly", "I am the right candidate"),
    ("conversion", "a long conversation"),
    ("wondering", "a wonderful team"),
    # a joined phrase is no derivation of a function word
    ("the ship", "we did the plan"),
    ("the ability", "the plan"),
    # two numbers side by side are never joined into one
    ("1:1", "we had eleven months"),
    ("1:1", "we had 11 months"),
    ("24/7", "open 247 days"),
    # nothing to match
    ("", "anything at all"),
    ("!!!", "anything at all!!!"),
    ("stakeholders", ""),
    ("stakeholders", "   \n\t "),
]


@pytest.mark.parametrize(("phrase", "text", "evidence"), MUST_MATCH)
def test_phrase_matches_with_exact_evidence(phrase: str, text: str, evidence: str) -> None:
    span = find_phrase(phrase, text)
    assert span is not None, f"{phrase!r} should match in {text!r}"
    start, end = span
    assert text[start:end] == evidence


@pytest.mark.parametrize(("phrase", "text"), MUST_NOT_MATCH)
def test_phrase_does_not_match(phrase: str, text: str) -> None:
    span = find_phrase(phrase, text)
    assert span is None, f"{phrase!r} matched {text[span[0] : span[1]]!r} in {text!r}"


def test_exact_occurrence_beats_an_earlier_inflected_one() -> None:
    text = "She negotiated well, and I negotiate too."
    start, end = find_phrase("negotiate", text) or (0, 0)
    assert (start, end) == (text.rindex("negotiate"), text.rindex("negotiate") + 9)


def test_earliest_occurrence_wins_among_equals() -> None:
    text = "budget here, budget there"
    assert find_phrase("budget", text) == (0, 6)


def test_inflected_occurrence_beats_an_earlier_typo() -> None:
    text = "stakeholdrs first, then stakeholders"
    assert find_phrase("stakeholder", text) == (24, 36)


@pytest.mark.parametrize(
    ("word", "budget"),
    [("ok", 0), ("win", 1), ("data", 1), ("plan", 1), ("scale", 1), ("budget", 1), ("strategy", 2)],
)
def test_typo_budget_grows_with_length(word: str, budget: int) -> None:
    assert typo_budget(stem(word)) == budget


def test_typo_budget_is_zero_for_numbers() -> None:
    assert typo_budget("1234567890") == 0


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ("negotiate", "negotiating"),
        ("planned", "plan"),
        ("companies", "company"),
        ("hoping", "hope"),
        ("prioritised", "prioritize"),
        ("analyse", "analyzing"),
        ("staffed", "staff"),
    ],
)
def test_inflections_share_a_stem(one: str, other: str) -> None:
    assert stem(one) == stem(other)


@pytest.mark.parametrize(
    ("one", "other"),
    [("data", "date"), ("plan", "plant"), ("scale", "sale"), ("hope", "hop"), ("led", "let")],
)
def test_look_alikes_keep_different_stems(one: str, other: str) -> None:
    assert stem(one) != stem(other)


def test_normalize_folds_width_quotes_and_case() -> None:
    assert normalize("ＫＰＩ Can’t “Go” STRASSE") == 'kpi can\'t "go" strasse'
    assert normalize("Straße") == "strasse"


def test_tokenize_offsets_slice_the_original_text() -> None:
    text = "  Hand-over:  we CAN’T miss 60%, ＡＩ & café\u0301! 🙂 \ud800 done"
    tokens = tokenize(text)
    assert [t.text for t in tokens] == [
        "Hand",
        "over",
        "we",
        "CAN’T",
        "miss",
        "60",
        "%",
        "ＡＩ",
        "café\u0301",
        "done",
    ]
    for token in tokens:
        assert isinstance(token, Token)
        assert text[token.start : token.end] == token.text
    assert tokens[3].norm == "can't"
    assert tokens[7].norm == "ai"


def test_count_words_ignores_symbols_emoji_and_punctuation() -> None:
    assert count_words("We cut costs 40% — 🙂 fast!") == 5
    assert count_words("") == 0
    assert count_words("\x00\x01 \u202e\ud800 🙂") == 0
    assert count_words("one-on-one") == 3


def test_right_to_left_and_control_characters_do_not_break_offsets() -> None:
    text = "\u202eעברית\u202c we reduced\x00 costs \u200f"
    span = find_phrase("reduced costs", text)
    assert span is not None
    assert text[span[0] : span[1]] == "reduced\x00 costs"


def test_phrase_set_reports_each_phrase_independently() -> None:
    phrases = phrase_set(("reduced", "percent", "saved"))
    hits = phrases.best(scan("We reduce costs by 40%."))
    assert [h is not None for h in hits] == [True, True, False]
    assert hits[0] is not None and hits[0].quality == 1  # inflected
    assert hits[1] is not None and hits[1].quality == 0  # "%" is an exact "percent"


def test_compiled_phrase_sets_are_cached() -> None:
    assert phrase_set(("a", "b")) is phrase_set(("a", "b"))


def test_enormous_junk_text_is_matched_without_error() -> None:
    # Speed is measured by benchmarks/bench_scoring.py; this checks junk cannot break matching.
    chunk = "stakeholdrs \ud800\x00 🙂 e\u0301 \u202e שלום a-b-c ...,,, "
    text = chunk * 10_000  # 60,000 words among junk
    assert find_phrase("stakeholders", text) == (0, 11)
    assert find_phrase("a-b-c", text) == (text.index("a-b-c"), text.index("a-b-c") + 5)
    assert count_words(text) == 60_000


@pytest.mark.parametrize(
    ("typed", "meant"),
    [
        ("rsult", "result"),
        ("tema", "team"),
        ("teh", "the"),
        ("wnated", "wanted"),
        ("ot", "to"),
        ("ecalated", "escalated"),
    ],
)
def test_a_typo_is_read_as_its_likeliest_word(typed: str, meant: str) -> None:
    assert correction(typed) == meant


@pytest.mark.parametrize("word", ["team", "context", "a", "30", "qzxv"])
def test_known_words_numbers_and_far_strings_are_not_corrected(word: str) -> None:
    assert correction(word) is None


def test_the_meant_scan_keeps_what_was_typed() -> None:
    typed = scan("Teh tema met Lena and AWS, adn I wnated to ask.")
    meant = typed.corrected()
    assert meant.text == typed.text and meant.starts == typed.starts
    assert meant.keys[:2] == ["the", "team"]  # opens the sentence: read as meant
    assert "lena" in meant.keys and "aws" in meant.keys  # a name, an acronym: as typed
    assert "and" in meant.keys and "wanted" in meant.keys
    assert typed.keys[0] == "teh"  # the typed scan is untouched
    clean = scan("We shipped it on time.")
    assert clean.corrected() is clean


def test_a_typo_is_no_typo_of_a_rubric_word_it_does_not_read_as() -> None:
    assert find_phrase("band", "Andd timing matters too.") is None  # "andd" reads "and"
    assert find_phrase("engineers", "We had six enginers.") is not None  # either reading


@pytest.mark.parametrize(
    ("typed", "point"),
    [
        ("irolled", 1),  # "I rolled", not "rolled"
        ("toldme", 4),  # "me" after a past form
        ("thanhave", 4),
        ("thedashboard", 3),
        ("onboarding", 0),  # jargon run together is no typo
        ("rollout", 0),
        ("programme", 0),
        ("offeed", 0),  # one edit from "offered"
        ("team", 0),
    ],
)
def test_words_run_together_split_where_a_space_was_left_out(typed: str, point: int) -> None:
    assert split_point(typed) == point


def test_the_scorer_reads_two_words_run_together_as_two() -> None:
    text = "Itold them, and Kimberly said thedashboard was late."
    spaced = scoring_scan(text)
    assert spaced.keys[:3] == ["i", "told", "them"]
    assert "kimberly" in spaced.keys and "dashboard" in spaced.keys
    first, last = 0, 1
    assert text[spaced.starts[first] : spaced.ends[last]] == "Itold"
    assert scan(text).keys[0] == "itold"  # the plain scan is as typed
