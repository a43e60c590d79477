"""The ask-check tone classifier over a broad table of questions, and curiosity scoring."""

from __future__ import annotations

import pytest

from callback_sim.core.askcheck import (
    CURIOUS_TARGET,
    DUE_DILIGENCE_PENALTY,
    classify_question,
    questions_in,
    score_questions_to_ask,
)

# Questions a candidate might ask the interviewer, in many phrasings. Tricky ones on purpose:
# challenges framed forward, "problems" the team is solving, "why did you join", a
# work-life-balance question framed as support, and closed questions that hunt nothing.
CURIOUS = [
    "What does success look like in the first year?",
    "How do you measure success for this role?",
    "What's the biggest challenge the team will face next year?",
    "What would you like the next person in this role to do differently or keep doing?",
    "What do you enjoy most about working here?",
    "What are you most excited about in the next six months?",
    "How has the team changed since you joined?",
    "What would a great first 90 days look like for this role?",
    "How does the team decide what to build next?",
    "What drew you to this company?",
    "Why did you decide to join the company?",
    "What are the biggest problems the team is working on right now?",
    "What are the biggest pain points for your customers?",
    "How do people on the team learn from each other?",
    "What opportunities are there to grow in this role?",
    "Can you tell me about a recent project the team is proud of?",
    "What's a typical week like for someone in this role?",
    "How does this role collaborate with design and marketing?",
    "What are the team's priorities for the coming quarter?",
    "What advice would you give someone starting in this role?",
    "How does the team handle failure and what do you learn from it?",
    "What kind of people thrive here?",
    "Who would I be working with most closely?",
    "How do you give feedback on the team?",
    "What surprised you most when you joined?",
    "How could I help the team in the first few months?",
    "What's the long-term vision for the product?",
    "Which skills would you most like the new hire to bring?",
    "What does good look like for this team?",
    "How do new hires usually get onboarded?",
    "What are you hoping this hire will change?",
    "How does the company support a healthy work-life balance for the team?",
    "Do you enjoy working here?",
    "Is there a mentoring programme for new engineers?",
    "How would you describe the culture of the team?",
    "What has been the most rewarding project of your career here?",
    "What problem is this team solving for customers?",
    "How has your own role evolved over time?",
    "What keeps you at the company?",
    "Where do you see the team in two years?",
    "I'd love to know how the team celebrates wins.",
    "What's the hardest part of the role, and how can I prepare for it?",
    "How does the team stay connected across time zones?",
    "What tools does the team use day to day?",
    "Do you have any concerns about my background that I could address?",
    "What are you working on right now that you find most interesting?",
    "How do engineers and product managers split decisions here?",
    "What would you want me to have accomplished by my first review?",
    "Which teams would I partner with most?",
    "How did you get into this field?",
    "What's something the team does really well?",
    "What are the key metrics this team owns?",
    "How are priorities set when two teams want different things?",
    "What is the team's approach to code review?",
    "Could you walk me through how a feature goes from idea to launch?",
    "What's one thing you'd change about how we onboard people, if you could?",
    "How do you celebrate wins as a team?",
    "What made you stay at the company for so long?",
    "What are the company's plans for international expansion?",
    "What's the most important thing I could learn in my first month?",
    "How will this role's responsibilities grow over time?",
    "Who are the customers this team cares most about?",
    "What qualities do your best performers share?",
    "Is there anything about the role we haven't covered that you think is important?",
    "How does leadership share the strategy with the team?",
    "What's one habit that sets the strongest people on this team apart?",
    "How do you and the team unwind after a big release?",
    "Where do you think this product will be in five years?",
    "What part of the work here gives you the most energy?",
    "How is feedback shared between engineering and sales?",
    "Which metric would you most like this hire to move?",
    "What's been your favourite moment at the company so far?",
    "How do teams here decide when something is good enough to ship?",
    "Who are the people I should get to know in the first month?",
    "What does the onboarding look like for this role?",
    "How do you see this role fitting into the company's plans?",
    "What does a great partnership with the design team look like?",
    "What would you want to hear from me after my first quarter?",
    "How do you support people who want to move into management?",
    "What are the most interesting technical problems you're tackling?",
    "What has kept you here through the company's growth?",
    "How do product and engineering plan the quarter together?",
    "What would make someone in this seat a star a year from now?",
    "How does the team share what it learns from incidents?",
    "What do customers love most about the product?",
    "How much autonomy do engineers have in choosing their projects?",
    "What are the next big bets for the company?",
    "Can you describe how decisions get made on this team?",
    "How would my work connect to the company's mission?",
    "What do you think is the most underrated part of working here?",
    "What's the team's favourite tradition?",
    "What's something you've changed your mind about since joining?",
    "How do you onboard someone into a codebase this size?",
    "What would you hope I bring that the team doesn't have yet?",
    "Which part of the roadmap are you personally most invested in?",
    "How does the team balance new features with paying down tech debt?",
    "What are people on the team reading or learning these days?",
    "How did the team approach the last big migration?",
    "What kind of impact could this role have in year one?",
    "What do the best managers here do differently?",
    "If you could add one person to the team tomorrow, what would they be great at?",
]

DUE_DILIGENCE = [
    "Why did the last person leave?",
    "How many people have left the team this year?",
    "What is the salary range?",
    "What's the turnover like on this team?",
    "Have there been any layoffs recently?",
    "Is another reorg coming?",
    "Is the company facing any lawsuits?",
    "How much runway do you have?",
    "Are you profitable?",
    "What's the burn rate?",
    "How much vacation do I get?",
    "Can I work from home?",
    "What's the bonus structure?",
    "Do you offer stock options?",
    "How many hours a week do people usually work?",
    "Is it true that the CEO is stepping down?",
    "What's wrong with the current product?",
    "What are the problems with the team?",
    "Why is the product so slow?",
    "Why is this position open?",
    "Why don't you have a proper QA process?",
    "What's the worst thing about working here?",
    "How long do people usually stay on the team?",
    "What happened to the previous manager?",
    "Is my job safe if the company gets acquired?",
    "What are the perks?",
    "Do people work weekends?",
    "How soon can I get promoted?",
    "I read on Glassdoor that morale is low. Is that true?",
    "What does the company do?",
    "How many other candidates are you interviewing?",
    "Isn't it risky to bet everything on one customer?",
    "When do you expect to run out of money?",
    "How much does the role pay?",
    "Will I have to be on call?",
    "Has the company had to make redundancies?",
    "Why has this role been open so long?",
    "What don't you like about your job?",
    "How stable is the funding situation?",
    "What issues does the team have with management?",
    "How often do managers micromanage here?",
    "Do I have to come into the office every day?",
    "How did the restructuring affect the team?",
    "Why did so many engineers quit last year?",
    "Are there going to be more job cuts?",
    "Is the company in financial trouble?",
    "What's the parental leave policy?",
    "How much PTO do new hires get?",
    "Do you pay overtime?",
    "What's the 401k match?",
    "Why was the previous team lead fired?",
    "Is the startup going to survive another year without funding?",
    "I've heard the CTO is difficult to work with, is that right?",
    "What went wrong with the last launch?",
    "How many people were laid off in the spring?",
    "How long until I can get a raise?",
    "What are the main complaints people have about management?",
    "Why does the app have such bad reviews?",
    "Are people expected to answer email at night?",
    "Why haven't you fixed the outage problems yet?",
    "What's the company's biggest weakness?",
    "Is the role remote-friendly, and how many days would I need to be in the office?",
    "How secure is this position if revenue keeps falling?",
    "Are bonuses guaranteed?",
    "How often do people get let go here?",
    "What did the last VP do wrong?",
    "Is there a lot of politics in leadership?",
    "Will the company still exist next year?",
    "How come the stock price dropped so much?",
    "Why are your reviews on Glassdoor so bad?",
    "How many weeks of holiday do I get?",
    "Can I leave at 5 every day?",
    "What happens if I don't hit my targets?",
    "Are salaries reviewed every year?",
    "What are the biggest complaints from employees?",
    "How many managers has this team had in two years?",
    "Is the office always this empty?",
    "Who's leaving next?",
    "Why has there been so much turnover in leadership?",
    "Do you drug test?",
    "Is the company going under?",
    "What's the severance policy?",
    "Are there any pending lawsuits I should know about?",
    "How often do people get fired?",
    "Do I get my own office?",
    "Why is the team so small?",
    "What went wrong with the merger?",
    "How much do engineers here earn?",
    "Can I take Fridays off?",
    "Is the CEO hard to work for?",
    "How many people quit after the acquisition?",
    "Is the team understaffed?",
    "Will there be more layoffs this year?",
    "Do you offer a sign-on bonus?",
    "How strict are you about working hours?",
    "Is it normal for people here to work until midnight?",
    "What's the real reason the project was cancelled?",
    "Are employees happy here, honestly?",
    "How much equity would I get?",
    "Why does leadership keep changing the strategy?",
]


@pytest.mark.parametrize("question", CURIOUS)
def test_curious_questions_are_labelled_curious(question: str) -> None:
    check = classify_question(question)
    assert check.tone == "curious", check.reasons
    assert check.suggestion is None
    assert check.reasons


@pytest.mark.parametrize("question", DUE_DILIGENCE)
def test_due_diligence_questions_are_labelled_and_reworded(question: str) -> None:
    check = classify_question(question)
    assert check.tone == "due_diligence", check.reasons
    assert check.suggestion
    # The rewording offered must itself read as curious.
    assert classify_question(check.suggestion).tone == "curious"


def test_table_is_broad_and_balanced() -> None:
    assert len(CURIOUS) + len(DUE_DILIGENCE) >= 60
    assert len(set(CURIOUS) | set(DUE_DILIGENCE)) == len(CURIOUS) + len(DUE_DILIGENCE)


def test_last_person_question_names_its_cue_and_rewords() -> None:
    check = classify_question("Why did the last person leave?")
    assert check.to_json() == {
        "question": "Why did the last person leave?",
        "tone": "due_diligence",
        "reasons": [
            'asks why people left ("Why did the last person leave"): reads as probing for problems'
        ],
        "suggestion": (
            "What would you like the next person in this role to do differently or keep doing?"
        ),
    }


def test_success_question_is_curious_with_its_cue() -> None:
    check = classify_question("What does success look like in the first year?")
    assert check.tone == "curious"
    assert check.suggestion is None
    assert any('"success"' in reason for reason in check.reasons)


@pytest.mark.parametrize(
    ("question", "cue"),
    [
        ("How many people have left the team this year?", "departures"),
        ("What is the salary range?", "pay"),
        ("Have there been layoffs?", "layoffs"),
        ("Is the company being sued?", "legal"),
        ("How long is your runway?", "runway"),
        ("Is it true that the CEO is leaving?", "rumour"),
        ("What's wrong with the product?", "negative"),
    ],
)
def test_each_topic_is_found_by_its_cue(question: str, cue: str) -> None:
    check = classify_question(question)
    assert cue in [m.cue for m in check.matches if m.tone == "due_diligence"]


def test_strong_problem_cue_outweighs_curious_words() -> None:
    check = classify_question("How has the team grown since the layoffs?")
    assert check.tone == "due_diligence"
    assert any("also curious" in reason for reason in check.reasons)


def test_weak_cue_is_outweighed_by_open_forward_framing() -> None:
    check = classify_question(
        "How does the company support a healthy work-life balance for the team?"
    )
    assert check.tone == "curious"
    assert any("outweighs" in reason for reason in check.reasons)


def test_closed_question_is_curious_with_a_tip_but_no_suggestion() -> None:
    check = classify_question("Is there a mentoring programme for new engineers?")
    assert check.tone == "curious"
    assert check.closed
    assert check.suggestion is None
    assert any("closed yes/no" in reason for reason in check.reasons)


def test_open_question_is_not_marked_closed() -> None:
    assert not classify_question("What tools does the team use?").closed


def test_curly_apostrophes_read_like_straight_ones() -> None:
    assert classify_question("What\u2019s the turnover like?").tone == "due_diligence"
    assert classify_question("Why don\u2019t you test more?").tone == "due_diligence"


def test_neutral_question_says_no_cue_was_found() -> None:
    check = classify_question("When is the next step?")
    assert check.tone == "curious"
    assert any("no problem-hunting cue" in reason for reason in check.reasons)


def test_questions_in_finds_question_marks_and_lead_ins() -> None:
    text = (
        "Thanks, I do have a few.\n- What does success look like?\n"
        "I'd love to know how the team celebrates wins. That's all from me."
    )
    assert questions_in(text) == [
        "What does success look like?",
        "I'd love to know how the team celebrates wins.",
    ]


def test_three_curious_questions_score_full_marks() -> None:
    result = score_questions_to_ask(
        "What does success look like in the first year? How has the team changed since you "
        "joined? What are you most excited about next year?"
    )
    assert result.score == 100.0
    assert result.curious == CURIOUS_TARGET
    assert result.due_diligence == 0


def test_due_diligence_questions_cost_points_and_get_rewordings() -> None:
    result = score_questions_to_ask(
        "What does success look like in this role? Why did the last person leave?"
    )
    per = round(100.0 / CURIOUS_TARGET, 1)
    assert result.score == round(per - DUE_DILIGENCE_PENALTY, 1)
    assert [q.points for q in result.questions] == [per, -DUE_DILIGENCE_PENALTY]
    assert any("next person in this role" in line for line in result.feedback)


def test_only_problem_hunting_scores_zero() -> None:
    result = score_questions_to_ask("What is the salary range? How much vacation do I get?")
    assert result.score == 0.0
    assert result.due_diligence == 2


def test_no_questions_scores_zero_with_advice() -> None:
    result = score_questions_to_ask("No, I think you have covered everything. Thank you.")
    assert result.score == 0.0
    assert result.questions == ()
    assert "none were found" in result.feedback[0]


def test_curiosity_score_json_has_each_question() -> None:
    data = score_questions_to_ask("What do you enjoy most here?").to_json()
    assert data["curious"] == 1
    assert data["questions"][0]["tone"] == "curious"
    assert data["questions"][0]["points"] > 0
