"""Is a question for the interviewer curious or due-diligence, and why.

Callback interviewers hear problem-hunting questions (departures, layoffs, lawsuits,
runway, pay and perks first) as hesitation; open questions about success, the team,
learning and the person read as curiosity. `classify_question` weighs cue patterns of
both kinds and reports every cue it found, so a label can always be traced to words in
the question. `score_questions_to_ask` applies it to the questions inside an answer to
"What questions do you have for us?".

Decisions (documented in docs/prep-kit.md):
- A strong due-diligence cue (weight 3: departures, turnover, layoffs, lawsuits, runway,
  pay) labels a question due_diligence whatever else it says; weaker cues only win when
  they outweigh the curious cues.
- A closed yes/no question with no problem-hunting cue is curious (asking is fine), so its
  suggestion stays null as the JSON contract says; a reason tells how to open it up.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Literal

Tone = Literal["curious", "due_diligence"]

#: A due-diligence cue of at least this weight decides the label on its own.
STRONG_WEIGHT = 3.0
#: Curious questions that earn points in an answer (three open questions is full marks).
CURIOUS_TARGET = 3
#: Points each due-diligence question costs in an answer to "What questions do you have?".
DUE_DILIGENCE_PENALTY = 25.0


@dataclass(frozen=True)
class Cue:
    """One topic of cue patterns: what it shows, how much it weighs, and (if problem-hunting)
    a curious rewording that asks for the same information."""

    name: str
    tone: Tone
    weight: float
    pattern: re.Pattern[str]
    reason: str  # "asks why people left"
    effect: str  # "reads as probing for problems"
    suggestion: str | None = None
    #: When this matches too, the cue does not apply ("problems" next to "solve").
    unless: re.Pattern[str] | None = None
    #: Weighed always, but named in the reasons only when no other cue of its tone matched
    #: (a mild cue that would repeat a stronger one: the "why" of "why did they leave").
    only_alone: bool = False


@dataclass(frozen=True)
class CueMatch:
    """A cue found in a question, with the words that triggered it."""

    cue: str
    tone: Tone
    weight: float
    evidence: str
    reason: str

    def to_json(self) -> dict[str, Any]:
        return {
            "cue": self.cue,
            "tone": self.tone,
            "weight": self.weight,
            "evidence": self.evidence,
            "reason": self.reason,
        }


@dataclass(frozen=True)
class AskCheck:
    """The verdict on one question: tone, the reasons (each naming its cue) and a rewording."""

    question: str
    tone: Tone
    reasons: tuple[str, ...]
    suggestion: str | None
    matches: tuple[CueMatch, ...] = ()
    curious_weight: float = 0.0
    due_diligence_weight: float = 0.0
    #: A yes/no question ("Is there...?", "Do you...?"): fine, but an open one invites more.
    closed: bool = False

    def to_json(self) -> dict[str, Any]:
        """The `ask-check --json` object of PRODUCT.md."""
        return {
            "question": self.question,
            "tone": self.tone,
            "reasons": list(self.reasons),
            "suggestion": self.suggestion,
        }


def _cue(
    name: str,
    tone: Tone,
    weight: float,
    patterns: list[str],
    reason: str,
    effect: str,
    suggestion: str | None = None,
    unless: str | None = None,
    only_alone: bool = False,
) -> Cue:
    joined = "|".join(f"(?:{p})" for p in patterns)
    return Cue(
        name=name,
        tone=tone,
        weight=weight,
        pattern=re.compile(rf"\b(?:{joined})", re.IGNORECASE),
        reason=reason,
        effect=effect,
        suggestion=suggestion,
        unless=re.compile(unless, re.IGNORECASE) if unless else None,
        only_alone=only_alone,
    )


_PROBING = "reads as probing for problems"
_LEAVE = (
    r"leav(?:e|ing)|left|quit|quitting|fired|let go|resign(?:ed|ing)?|depart(?:ed|ing)?|"
    r"mov(?:e|ed) on"
)

# Problem-hunting cues, strongest first: the first one found supplies the suggestion.
DUE_DILIGENCE_CUES: tuple[Cue, ...] = (
    _cue(
        "departures",
        "due_diligence",
        3,
        [
            rf"(?:last|previous|prior|former|old)\s+(?:\w+\s+){{0,3}}?(?:person|one|hire|incumbent|"
            rf"employee|holder|manager|engineer|lead|\w+er)\b[^?.!]{{0,50}}\b(?:{_LEAVE}|"
            rf"stay(?:ed)?|last(?:ed)?)\b",
            rf"why\b[^?.!]{{0,50}}\b(?:{_LEAVE})\b",
            rf"(?:how many|how often|number of|has anyone|have many|did many|lots of|"
            rf"a lot of)\b[^?.!]{{0,50}}\b(?:{_LEAVE}|gone)\b",
            r"what happened to (?:the )?(?:last|previous|prior|former)",
            r"who(?:'s| is| was| will be) (?:leaving|quitting|next to (?:leave|go))",
            r"(?:who|people|anyone|everyone|so many)\s+(?:has |have |had |keep |kept |"
            r"are )?(?:left|leaving|quit|quitting)\b",
        ],
        "asks why people left",
        _PROBING,
        "What would you like the next person in this role to do differently or keep doing?",
        unless=r"\bleave (?:policy|allowance)|parental leave|annual leave|sick leave",
    ),
    _cue(
        "vacancy",
        "due_diligence",
        3,
        [
            r"why (?:is|was|has) (?:this|the) (?:role|position|job|seat|opening|spot|vacancy)"
            r"\b[^?.!]{0,40}\b(?:open|vacant|available|empty|unfilled|been open)",
            r"(?:role|position|job) (?:has )?been open (?:so|this|for so) long",
            r"why (?:are|is) (?:you|the team|the company) (?:still )?(?:hiring|replacing|"
            r"backfilling)",
            r"is this (?:a )?backfill",
        ],
        "asks why the role is open",
        "reads as looking for what went wrong",
        "What would you most like the person in this role to achieve in the first six months?",
    ),
    _cue(
        "turnover",
        "due_diligence",
        3,
        [
            r"turnover|attrition|revolving door|(?:staff|employee|team|people|engineer) churn",
            r"retention (?:rate|problem|issue)s?|(?:people|staff|employees) (?:keep )?leaving",
            r"how long do (?:people|employees|engineers|folks|most people|staff)\w* "
            r"(?:usually |typically |normally |tend to )?(?:stay|last)",
            r"average tenure|tenure (?:is|of)",
            r"how many (?:managers|bosses|leads|team leads|heads|directors|ctos|ceos|people)\b"
            r"[^?.!]{0,30}\b(?:had|been through|gone through|changed|replaced)",
        ],
        "asks about turnover",
        _PROBING,
        "What do people on the team enjoy most about working here?",
        unless=r"customer churn|churn of (?:customers|users)",
    ),
    _cue(
        "layoffs",
        "due_diligence",
        3,
        [
            r"lay ?offs?|laid off|laying (?:people )?off|lay (?:people|anyone|staff) off",
            r"redundanc\w*|made redundant|downsiz\w*|rightsiz\w*|restructur\w*",
            r"re-?orgs?\b|reorgani[sz]\w*|headcount (?:cuts?|reductions?)|job cuts|"
            r"more cuts|(?:staff|budget) cuts|hiring freeze|\brif\b",
        ],
        "asks about layoffs or a reorganisation",
        _PROBING,
        "Where is the team headed over the next year, and how does this role fit in?",
    ),
    _cue(
        "legal",
        "due_diligence",
        3,
        [
            r"lawsuits?|law suits?|sued|suing|litigation|class action|court cases?",
            r"legal (?:trouble|issues?|problems?|action|battles?|disputes?|risk)",
            r"(?:investigat\w+|fined|penali[sz]ed) by|regulators?\w* (?:fines?|actions?|probes?|"
            r"investigations?)",
            r"settlements?|scandals?|fraud|whistle-?blow\w*|allegations?|misconduct",
            r"compliance (?:issues?|problems?|violations?|failures?)",
        ],
        "asks about lawsuits or legal trouble",
        _PROBING,
        "What does the company see as its biggest opportunities and risks over the next few years?",
    ),
    _cue(
        "runway",
        "due_diligence",
        3,
        [
            r"runway|burn rate|burning (?:through )?(?:cash|money)|cash (?:burn|flow problems?|"
            r"reserves?|position)",
            r"run(?:ning)? out of (?:money|cash|funding)|going (?:out of business|bankrupt|under)|"
            r"bankrupt\w*|insolven\w*",
            r"profitab\w*|(?:making|make|losing|lose) money|in the (?:red|black)",
            r"funding (?:situation|secure|risk|dry|runs? out)|how (?:well )?funded|"
            r"(?:next|another|new) (?:funding )?round|raising (?:money|a round|another round|"
            r"funds)",
            r"financially (?:stable|healthy|sound|secure|viable)|"
            r"financial (?:health|trouble|difficult\w*|stability|position|situation|problems?)",
            r"revenue (?:declin\w*|drop\w*|down|miss\w*|fall\w*)|\bin debt\b|down ?rounds?",
            r"surviv\w*|stay afloat|shut(?:ting)? down|(?:without|enough|more|lose|losing|"
            r"the) funding",
            r"still (?:exist|be around|be here|be in business)|stay in business|"
            r"(?:be|still be) around (?:in|next)",
        ],
        "asks about runway or the company's finances",
        "reads as doubting the company will last",
        "What are the company's goals for the next year or two, and how does this team "
        "contribute to them?",
    ),
    _cue(
        "pay",
        "due_diligence",
        3,
        [
            r"salary|salaries|pay (?:range|band|scale|grade|rise|raise|increase|review)s?|"
            r"compensation|comp (?:range|band|package)|remuneration",
            r"how much (?:does|will|would|did) (?:it|this|the (?:role|job|position)) pay|"
            r"what (?:does|will|would) (?:it|this|the (?:role|job|position)) pay",
            r"how much (?:do|will|would|could|can) (?:i|people|someone|you) (?:get paid|make|"
            r"earn|be paid)",
            r"bonus(?:es)?|equity|stock options?|\brsus?\b|vesting|commission|signing bonus|"
            r"sign-on",
            r"(?:a|my|first|annual|next) raise\b|\braises\b|pay rise|pay increase",
            r"relocation (?:package|bonus|assistance)|pension|401\s?\(?k\)?|benefits package",
            r"how much (?:do|does|will|would|can|could) (?:\w+ ){1,2}(?:earn|get paid|be paid)\b",
        ],
        "asks about pay before showing interest in the work",
        "save pay, bonus and equity for the recruiter or the offer stage",
        "What does success look like in this role in the first year?",
        unless=r"diversity|inclusion|\bdei\b|brand equity|home equity",
    ),
    _cue(
        "security",
        "due_diligence",
        2,
        [
            r"(?:is|how) (?:my|this|the) (?:job|role|position) (?:safe|secure|stable)",
            r"job security|how (?:stable|secure) is|at risk of being cut",
            r"(?:will|could|might) (?:this|my|the) (?:role|job|position|team) (?:be )?"
            r"(?:cut|eliminated|go away|disappear)",
            r"probation\w*|easy to (?:get )?fire|get fired|be let go",
            r"what happens if (?:i|someone|you|people) (?:don't|do not|can't|cannot|fail|miss)",
            r"severance|how (?:easy|hard) is it to (?:get )?(?:fire|let go)",
        ],
        "asks whether the job is safe",
        "reads as worry about the company's stability",
        "How do you see this role evolving over the next couple of years?",
    ),
    _cue(
        "rumour",
        "due_diligence",
        3,
        [
            r"is it true|i (?:heard|read|saw) (?:that|on|in|about|somewhere)|"
            r"i(?:'ve| have) (?:heard|read|seen)",
            r"rumou?rs?|glassdoor|online reviews|bad (?:reviews|press)|in the news|"
            r"news (?:reports?|stories)",
        ],
        "checks a rumour or a review",
        "reads as confronting the interviewer with bad news",
        "How has the company changed over the past year, and what are you most excited about next?",
    ),
    _cue(
        "process",
        "due_diligence",
        2,
        [
            r"how did i do|did i (?:get|pass)|am i (?:still )?(?:in the running|a good fit|"
            r"getting)",
            r"how many (?:other )?(?:candidates|applicants|people)\b[^?.!]{0,30}\b(?:interview|"
            r"apply|applied|considering)",
            r"who else (?:are you|is) (?:interviewing|considering)|what are my chances",
            r"background checks?|drug (?:test|screen)\w*",
        ],
        "asks about your own standing in the process",
        "reads as anxious rather than interested in the work",
        "What would you like to see from the person you hire in their first few months?",
    ),
    _cue(
        "perks",
        "due_diligence",
        2,
        [
            r"vacation|holiday allowance|holidays?\b(?! (?:party|season))|paid time off|\bpto\b|"
            r"time off|days off",
            r"sick (?:days|leave)|annual leave|leave policy|parental leave|maternity|paternity",
            r"perks|free (?:food|lunch|meals|snacks)|\bgym\b|company car|stipend|expense account",
            r"remote(?:-work| work)? policy|work(?:ing)? (?:from|at) home|\bwfh\b|work remotely|"
            r"remote work|fully remote|can i be remote|hybrid policy",
            r"days (?:a week )?in the office|(?:come|go) (?:in|into) the office|office attendance|"
            r"flexible (?:hours|working|schedule)|four-day week|4-day week|sabbatical",
            r"(?:the|what|your|employee|any) benefits\b(?! of)|health (?:insurance|benefits|"
            r"care plan)",
            r"what(?:'s| is) in it for me|what (?:do|would|will) i get\b",
            r"(?:do|will|would|can|could) i (?:get|have|take)\b(?! to)|take (?:\w+ )?off\b",
        ],
        "asks about perks, time off or remote rules first",
        "reads as more interested in what you get than what you do",
        "How does the team like to work together day to day?",
    ),
    _cue(
        "hours",
        "due_diligence",
        2,
        [
            r"how many hours|hours (?:a|per) (?:week|day)|long hours|overtime|on[- ]call|"
            r"after hours",
            r"work(?:ing)? (?:late|weekends|nights|evenings)|on weekends|at weekends",
            r"work[- ]life balance|workload|burn ?out|burnt out|burned out|crunch",
            r"how (?:hard|much) do (?:you|people|they) work|expected to (?:be available|answer|"
            r"respond)",
            r"\b9 to 5\b|nine to five|leave (?:at|by) (?:5|five)",
            r"understaffed|short-?staffed|overworked|stretched thin|working hours|"
            r"work (?:until|till) (?:midnight|late|\d)|late nights",
        ],
        "asks how many hours the job takes",
        "reads as worry about the workload",
        "What does a typical week look like for someone in this role?",
    ),
    _cue(
        "promotion_first",
        "due_diligence",
        2,
        [
            r"how (?:soon|quickly|fast|long until|long before)\b[^?.!]{0,25}\b(?:promot\w*|"
            r"a raise|move up)",
            r"when (?:can|could|will|would|do) i\b[^?.!]{0,20}\b(?:promot\w*|a raise|move up|"
            r"switch teams)",
            r"(?:do|will|would) i (?:have to|need to|be required to|be expected to)",
        ],
        "asks what you get or must do before what you would contribute",
        "reads as minimising effort or looking past the job",
        "What does growth look like for people who do well in this role?",
    ),
    _cue(
        "unprepared",
        "due_diligence",
        2,
        [
            r"what (?:does|do) (?:the|this|your) company (?:do|make|sell)\b(?! (?:next|"
            r"differently|well|best))",
            r"what (?:is|are) (?:your|the company's) (?:product|products|business)\?",
            r"who are your competitors",
        ],
        "asks what you could have looked up",
        "reads as not having prepared",
        "What part of the company's work are you most excited about right now?",
    ),
    _cue(
        "negative",
        "due_diligence",
        2,
        [
            r"what(?:'s| is| are)? (?:wrong|broken|bad)\b|what(?:'s| is) (?:the )?worst|"
            r"worst (?:part|thing)",
            r"least favou?rite|what do(?:n't| not) you like|(?:hate|dislike)s? about|"
            r"what do you (?:dislike|hate)",
            r"complain\w*|red flags?|downsides?|drawbacks?|regrets?|frustrat\w*|annoy\w*",
            r"toxic|micromanag\w*|office politics|\bpolitics\b|morale|dysfunction\w*|unhappy|"
            r"(?:do|did|does|doing|done|went|go|goes|gone|going) wrong|(?:so|this|always) empty|"
            r"(?:hard|difficult|tough) to work (?:for|with)|difficult (?:boss|manager|ceo)|"
            r"real reason|be honest|honestly|off the record|cancell?ed|scrapped|killed off|"
            r"(?:keep|keeps|always) chang\w*|"
            r"are (?:people|employees|staff|folks) (?:really )?happy|"
            r"\ba mess\b|chao(?:s|tic)|disaster|\bfailing\b|falling behind|behind schedule",
            r"miss(?:ed|ing)? (?:the |its |their |your )?(?:targets?|deadlines?|goals?|numbers)",
            r"losing (?:customers|market share)|bad reputation|reputation problem|so slow|so buggy",
        ],
        "frames the question around what is wrong",
        _PROBING,
        "What is the most challenging part of the work, and what do you enjoy about tackling it?",
    ),
    _cue(
        "problems",
        "due_diligence",
        2.5,
        [
            r"problems?|issues?|concerns?|weak (?:spots?|points?)|weakness(?:es)?|pain points?|"
            r"mistakes?|failures?|failed",
        ],
        "asks about problems",
        _PROBING,
        "What are the biggest challenges the team is working on, and how could this role help?",
        unless=r"solv\w*|tackl\w*|work(?:ing)? on|address\w*|fix\w*|interesting|learn\w*|"
        r"handle\w*|approach\w*|recover\w*|avoid\w*|lessons?|customer|user|client|market|"
        r"patient|(?:my|your) (?:background|experience|fit|candidacy|application)|about me|"
        r"hesitat\w*|problem (?:space|domain|statement)",
    ),
    _cue(
        "accusation",
        "due_diligence",
        2,
        [
            r"why (?:don't|doesn't|haven't|hasn't|isn't|aren't|can't|won't|didn't|wasn't|weren't|"
            r"do not|does not|have not|has not|is not|are not|did not)\b",
            r"isn't (?:it|that) (?:true|a problem|risky|odd|strange|a concern|a mistake)|"
            r"don't you (?:think|worry|feel)|aren't you (?:worried|concerned|afraid)",
            r"how come|how could (?:you|they|the company)|shouldn't (?:you|the company|they)|"
            r"why (?:is|are|was|were|does|do|did)\b[^?.!]{0,40}\bso (?:small|slow|big|late|few|"
            r"expensive|behind|buggy|quiet|empty|high|low|long|hard|bad|old|outdated|messy)\b|"
            r"\bsurely\b",
        ],
        "challenges a decision rather than asking about it",
        "reads as belligerent",
        "How did the team arrive at its current approach, and where would you like to take it?",
    ),
    _cue(
        "why",
        "due_diligence",
        1,
        [r"why (?:is|are|was|were|does|do|did|has|have|would|should)\b"],
        "asks 'why' about a choice",
        "can sound like a challenge; 'how' or 'what' sounds curious",
        "What led the team to its current approach, and what would you like to see next?",
        unless=r"why (?:did|do|does|would) you (?:join|choose|chose|decide|pick|come|stay|love|"
        r"enjoy|like|"
        r"want|think|recommend|say|believe)|why (?:is|does) (?:this|the|your) (?:role|team|work|"
        r"mission|product) (?:matter|important|exist)",
        only_alone=True,
    ),
)

# Curious cues: open questions about success, the team, learning, the person and the future.
CURIOUS_CUES: tuple[Cue, ...] = (
    _cue(
        "success",
        "curious",
        3,
        [
            r"success\w*|what does (?:good|great|excellent|exceptional) look like|good looks like",
            r"(?:do|does|doing|done) (?:really )?(?:well|great)\b|\bexcel\w*|\bthrive\w*|stand out",
            r"(?:great|strong|outstanding|ideal) (?:job|work|hire|first year|candidate|person)",
            r"(?:measure|judge|evaluate|know if|know whether)\b[^?.!]{0,30}\b(?:done|doing|"
            r"going) well",
        ],
        "asks what success looks like",
        "shows you want to do well in the job",
    ),
    _cue(
        "the_person",
        "curious",
        3,
        [
            r"what do you (?:most )?(?:enjoy|like|love)|(?:what )?(?:do|did) you (?:find|like|"
            r"enjoy|love)",
            r"(?:what|how) (?:drew|brought|attracted|led) you|"
            r"why did you (?:join|choose|decide|pick|come)|what (?:made|makes) you (?:join|stay|"
            r"choose|want|decide)",
            r"what keeps you|what are you (?:most )?(?:excited|proud|passionate|looking forward)|"
            r"what (?:excites|energi[sz]es|motivates|inspires|surprised) you",
            r"your (?:favou?rite|proudest)|how did you (?:get|come|end up|start)|"
            r"your (?:own )?(?:path|journey|career|background|experience (?:here|at|so far))",
            r"(?:most )?proud of|you personally|in your (?:role|experience|view|opinion)|"
            r"how (?:do|would) you describe",
        ],
        "asks about the interviewer's own experience",
        "shows interest in the person",
    ),
    _cue(
        "learning",
        "curious",
        2,
        [
            r"learn\w*|grow\w*|develop\w*|mentor\w*|coach\w*|training|upskill\w*",
            r"career (?:paths?|progression|development|ladder)|get better|improv\w*",
        ],
        "asks about learning and growth",
        "shows you want to get better at the work",
    ),
    _cue(
        "forward",
        "curious",
        2,
        [
            r"goals?|priorit\w+|roadmap|vision|strateg\w*|mission|objectives?|\bokrs?\b|"
            r"plans? (?:for|to)",
            r"next (?:year|quarter|few (?:months|years)|six months|12 months|chapter|phase)|"
            r"in the (?:next|coming)|(?:this|next|coming) (?:year|quarter)",
            r"future|ahead|headed|heading|direction|evolv\w+|long[- ]term|opportunit\w+|"
            r"excit\w+|looking forward",
        ],
        "asks where things are going",
        "shows interest in the team's future",
    ),
    _cue(
        "challenge",
        "curious",
        2,
        [
            r"challeng\w*|hardest part|toughest|obstacles?|what (?:will|would|"
            r"could) get in the way",
            r"solv\w*|tackl\w*|problems? (?:to solve|worth solving|you(?:'re| are) working on)",
        ],
        "asks about the challenges ahead",
        "shows you want to take on the hard parts",
    ),
    _cue(
        "how_work_happens",
        "curious",
        2,
        [
            r"how (?:do|does|did|will|would|can|could|has|have) (?:you|the team|your team|"
            r"the company|"
            r"people|teams|we|they|this team|this role|engineers|designers|managers)\b",
            r"how (?:has|have) (?:the|this|your) (?:team|company|role|product) (?:changed|grown|"
            r"evolved)",
        ],
        "asks how the work gets done",
        "shows interest in how the team works",
    ),
    _cue(
        "expectations",
        "curious",
        2,
        [
            r"what would (?:you|make|a great|an ideal|be)|what (?:do|would) you (?:want|hope|"
            r"expect|need)",
            r"you(?:'d| would) (?:like|love|want)|would you like|like to see",
            r"(?:looking for|hoping for|hope to see)|qualities|traits|look for in",
            r"(?:first|initial) (?:30|60|90|few|six|three|hundred) (?:days|weeks|months)",
        ],
        "asks what they hope for from the person in the role",
        "shows you want to meet their expectations",
    ),
    _cue(
        "contribution",
        "curious",
        2,
        [
            r"contribut\w+|impact|add value|make a difference|help (?:the team|you|with)|"
            r"how (?:can|could|might) i (?:help|support)|where (?:can|could) i|biggest (?:need|"
            r"opportunity)",
        ],
        "asks how you could contribute",
        "shows you are thinking about adding value",
    ),
    _cue(
        "open_invitation",
        "curious",
        2,
        [
            r"tell me (?:more )?about|(?:can|could|would) you (?:tell|describe|walk|share|explain)",
            r"what(?:'s| is) (?:a|an) (?:typical|normal|average) (?:day|week)|"
            r"what does (?:a|the)\s?(?:typical|normal)? (?:day|week)|describe|walk me through",
        ],
        "invites them to tell a story",
        "an open invitation to talk",
    ),
    _cue(
        "advice",
        "curious",
        2,
        [
            r"advice|what (?:would|should) (?:i|a new (?:hire|person)|someone new) (?:know|read|"
            r"focus|learn|prepare)",
            r"what do you wish|\btips?\b|recommend\w*",
        ],
        "asks for their advice",
        "shows you value their experience",
    ),
    _cue(
        "team",
        "curious",
        1.5,
        [
            r"the team|your team|our team|teams?\b|colleagues|teammates|people here|"
            r"(?:work|working) (?:together|with)|collaborat\w*|cross-functional|partner\w*|"
            r"culture|values",
        ],
        "asks about the team",
        "shows interest in the people you would work with",
    ),
    _cue(
        "customers",
        "curious",
        1,
        [r"customers?|users?|clients?|patients?|members|the market"],
        "asks about the people the work serves",
        "shows interest in the product's purpose",
    ),
    _cue(
        "craft",
        "curious",
        1,
        [
            r"decisions?|decide|feedback|ideas?|innovat\w*|experiment\w*|launch\w*|design\w*|"
            r"process\w*|tools?|stack|rituals|meetings?|onboard\w*|ship\w*|build\w*",
        ],
        "asks about how decisions and work are made",
        "shows interest in the craft",
    ),
)

_OPEN_START = re.compile(
    r"^\s*(?:and |so |also |finally |lastly )?(?:what|what's|how|who|which|where|tell|describe|"
    r"walk|could you (?:tell|describe|walk|share)|can you (?:tell|describe|walk|share)|"
    r"i(?:'d| would) love to (?:hear|know|learn)|i'm curious)\b",
    re.IGNORECASE,
)
_CLOSED_START = re.compile(
    r"^\s*(?:and |so |also )?(?:is|are|do|does|did|can|could|will|would|have|has|should|was|were|"
    r"am|any|isn't|aren't|don't|doesn't|won't|wouldn't|haven't)\b",
    re.IGNORECASE,
)
_QUOTES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u201c": '"', "\u201d": '"'})


def _normalise(text: str) -> str:
    """Straight apostrophes and single spaces, so cue patterns need only one spelling."""
    return " ".join(text.translate(_QUOTES).split())


def _find(cue: Cue, text: str) -> str | None:
    if cue.unless is not None and cue.unless.search(text):
        return None
    found = cue.pattern.search(text)
    return found.group(0).strip() if found else None


def _reason(match: CueMatch, effect: str) -> str:
    return f'{match.reason} ("{match.evidence}"): {effect}'


def classify_question(text: str) -> AskCheck:
    """Label a question for the interviewer curious or due_diligence, naming each cue found."""
    question = text.strip()
    norm = _normalise(question)
    effects: dict[str, str] = {}
    suggestions: dict[str, str | None] = {}
    matches: list[CueMatch] = []
    for cue in (*DUE_DILIGENCE_CUES, *CURIOUS_CUES):
        evidence = _find(cue, norm)
        if evidence is None:
            continue
        matches.append(CueMatch(cue.name, cue.tone, cue.weight, evidence, cue.reason))
        effects[cue.name] = cue.effect
        suggestions[cue.name] = cue.suggestion
    dd = [m for m in matches if m.tone == "due_diligence"]
    cur = [m for m in matches if m.tone == "curious"]
    dd_weight = sum(m.weight for m in dd)
    cur_weight = sum(m.weight for m in cur)
    alone = {c.name for c in (*DUE_DILIGENCE_CUES, *CURIOUS_CUES) if c.only_alone}
    if len(dd) > 1:
        dd = [m for m in dd if m.cue not in alone]
    if len(cur) > 1:
        cur = [m for m in cur if m.cue not in alone]
    open_start = bool(_OPEN_START.search(norm))
    closed = not open_start and bool(_CLOSED_START.search(norm))
    if open_start:
        # An open wh- question is a small sign of curiosity in itself.
        cur_weight += 0.5

    strong = any(m.weight >= STRONG_WEIGHT for m in dd)
    tone: Tone = "due_diligence" if dd and (strong or dd_weight > cur_weight) else "curious"

    reasons: list[str] = []
    suggestion: str | None = None
    if tone == "due_diligence":
        ranked = sorted(dd, key=lambda m: -m.weight)  # stable: cue order breaks ties
        reasons.extend(_reason(m, effects[m.cue]) for m in ranked)
        if cur:
            words = ", ".join(f'"{m.evidence}"' for m in cur[:3])
            reasons.append(f"also curious ({words}), but the problem-hunting outweighs it")
        suggestion = suggestions[ranked[0].cue]
    else:
        ranked = sorted(cur, key=lambda m: -m.weight)
        reasons.extend(_reason(m, effects[m.cue]) for m in ranked)
        if dd:
            words = ", ".join(f'"{m.evidence}"' for m in dd)
            reasons.append(f"mentions {words}, but the open, forward framing outweighs it")
        if not matches:
            reasons.append("no problem-hunting cue found: a neutral question")
        if open_start and not cur:
            reasons.append("open question: invites a full answer")
        if closed:
            reasons.append(
                "closed yes/no question: fine to ask, but starting with 'how' or 'what' "
                "invites a fuller answer"
            )
    return AskCheck(
        question=question,
        tone=tone,
        reasons=tuple(reasons),
        suggestion=suggestion,
        matches=tuple(matches),
        curious_weight=cur_weight,
        due_diligence_weight=dd_weight,
        closed=closed,
    )


# -- questions inside an answer to "What questions do you have for us?" -------------------

_SENTENCE_END = re.compile(r"(?<=[?.!])\s+|\n+")
_BULLET = re.compile(r"^\s*(?:[-*\u2022]|\d+[.)])\s*")
_QUESTION_LEAD = re.compile(
    r"^\s*(?:i(?:'d| would) (?:love|like|want) to (?:know|hear|understand|learn|ask)|"
    r"i(?:'m| am) (?:curious|wondering)|i wonder|i(?:'d| would) ask|my (?:first |next |"
    r"last )?question)",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class AskedQuestion:
    """One question found in an answer, its verdict and the points it earned or cost."""

    text: str
    check: AskCheck
    points: float

    def to_json(self) -> dict[str, Any]:
        out = self.check.to_json()
        out["points"] = self.points
        return out


@dataclass(frozen=True)
class CuriosityScore:
    """How curious the questions in an answer are, 0-100, with each question's contribution."""

    score: float
    questions: tuple[AskedQuestion, ...]
    curious: int
    due_diligence: int
    feedback: tuple[str, ...]

    def to_json(self) -> dict[str, Any]:
        return {
            "score": self.score,
            "curious": self.curious,
            "due_diligence": self.due_diligence,
            "questions": [q.to_json() for q in self.questions],
            "feedback": list(self.feedback),
        }


def questions_in(text: str) -> list[str]:
    """The sentences of an answer that are questions: ending in "?" or led by "I'd love to know"."""
    found: list[str] = []
    for raw in _SENTENCE_END.split(_normalise_lines(text)):
        sentence = _BULLET.sub("", raw).strip()
        if not sentence:
            continue
        if sentence.endswith("?") or _QUESTION_LEAD.search(_normalise(sentence)):
            found.append(sentence)
    return found


def _normalise_lines(text: str) -> str:
    return "\n".join(" ".join(line.translate(_QUOTES).split()) for line in text.splitlines())


def score_questions_to_ask(text: str) -> CuriosityScore:
    """Score an answer to "What questions do you have for us?" on curiosity.

    Each curious question earns 100/CURIOUS_TARGET points (up to CURIOUS_TARGET of them),
    each due-diligence question costs DUE_DILIGENCE_PENALTY; the total is clamped to 0-100,
    so every point traces to one question.
    """
    asked: list[AskedQuestion] = []
    earned = 0
    per_question = round(100.0 / CURIOUS_TARGET, 1)
    for sentence in questions_in(text):
        check = classify_question(sentence)
        if check.tone == "curious":
            points = per_question if earned < CURIOUS_TARGET else 0.0
            earned += 1
        else:
            points = -DUE_DILIGENCE_PENALTY
        asked.append(AskedQuestion(sentence, check, points))
    curious = sum(1 for a in asked if a.check.tone == "curious")
    due = len(asked) - curious
    total = sum(a.points for a in asked)
    if curious >= CURIOUS_TARGET and due == 0:
        total = 100.0  # rounding of thirds must not leave a perfect answer at 99.9
    score = round(max(0.0, min(100.0, total)), 1)

    feedback: list[str] = []
    if not asked:
        feedback.append("Ask two or three open questions: none were found (end each with '?').")
    elif curious < CURIOUS_TARGET:
        feedback.append(
            f"Add {CURIOUS_TARGET - curious} more open question(s) about success, the team "
            "or what the interviewer enjoys."
        )
    for a in asked:
        if a.check.tone == "due_diligence" and a.check.suggestion:
            feedback.append(f'Instead of "{a.text}", try: "{a.check.suggestion}"')
    return CuriosityScore(
        score=score,
        questions=tuple(asked),
        curious=curious,
        due_diligence=due,
        feedback=tuple(feedback),
    )
