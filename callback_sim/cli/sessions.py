"""The `practice` command: plain line mode, or the TUI (history, export and repair: cli/data.py).

Module-level imports stay light (click only): each command imports the store, banks and
scoring when it runs, so `callback-sim history` starts nearly as fast as `--version`.
"""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any, TextIO

import click

from callback_sim.context import AppContext
from callback_sim.core.text import counted

if TYPE_CHECKING:
    from callback_sim.core.models import Question, Score
    from callback_sim.core.round import Round, Submission
    from callback_sim.store import Store

#: Plain mode saves the answer being typed at most this often (seconds).
DRAFT_EVERY = 2.0


# -- practice ------------------------------------------------------------------------------


@click.command()
@click.option("--plain", is_flag=True, help="Line mode for screen readers, pipes and scripts.")
@click.option("--bank", "banks", multiple=True, metavar="ID", help="Ask from this bank (repeat).")
@click.option("--company", metavar="NAME", help="A callback loop seeded from NAME's debrief.")
@click.option(
    "--count",
    type=click.IntRange(1, 50),
    help="Questions in the round (default: the question_count setting).",
)
@click.option("--seed", type=int, help="Pick the same questions every time.")
@click.option("--resume", "resume_id", type=int, metavar="SESSION_ID", help="Finish a session.")
@click.pass_obj
def practice(
    app: AppContext,
    plain: bool,
    banks: tuple[str, ...],
    company: str | None,
    count: int | None,
    seed: int | None,
    resume_id: int | None,
) -> None:
    """Practise a timed round: the full-screen app, or --plain for line mode.

    In plain mode each question is printed and the answer is read from standard input
    up to a line holding only "." (or the end of input); a line "." alone skips.
    """
    if not plain:
        given = [
            name
            for name, value in (
                ("--bank", banks),
                ("--company", company),
                ("--count", count),
                ("--seed", seed),
                ("--resume", resume_id),
            )
            if value
        ]
        if given:
            raise click.UsageError(
                f"{', '.join(given)} {'needs' if len(given) == 1 else 'need'} --plain; "
                "without it `practice` opens the app"
            )
        from callback_sim.tui.app import run_app

        code = run_app(app)
        if code:
            raise SystemExit(code)
        return
    PlainRound(app, out=sys.stdout).run(
        banks=banks, company=company, count=count, seed=seed, resume_id=resume_id
    )


class _Stopped(Exception):
    """SIGTERM or SIGHUP during a plain round: unwind like ctrl+c, with the signal's exit code."""

    def __init__(self, code: int) -> None:
        super().__init__(code)
        self.code = code


@contextlib.contextmanager
def _signals_interrupt() -> Iterator[None]:
    """While a plain round runs, SIGTERM and SIGHUP raise _Stopped so the draft is kept."""
    import signal

    def stop(signum: int, _frame: object) -> None:
        raise _Stopped(128 + signum)

    previous: dict[signal.Signals, Any] = {}
    try:
        for sig in (signal.SIGTERM, signal.SIGHUP):
            # Not the main thread, or not on this platform: leave that signal alone.
            with contextlib.suppress(ValueError, OSError):
                previous[sig] = signal.signal(sig, stop)
        yield
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)


class _Timeout:
    """Returned by LineReader.readline when the deadline passes before a full line."""


TIMEOUT = _Timeout()


class LineReader:
    """Lines from stdin with an optional deadline (select on the raw descriptor).

    Bytes are decoded as UTF-8 with surrogateescape, so a bad byte becomes a lone
    surrogate that `sanitize_text` turns into U+FFFD instead of crashing the round.
    """

    def __init__(self, stream: Any) -> None:
        import codecs

        self.stream = stream
        try:
            self.fd: int | None = stream.fileno()
        except (AttributeError, OSError, ValueError):
            self.fd = None
        self._decoder = codecs.getincrementaldecoder("utf-8")(errors="surrogateescape")
        self._buffer = ""
        self.eof = False

    def _fill(self, timeout: float | None) -> bool:
        """Read more input; False when the deadline passed first."""
        import os
        import select

        if self.fd is None:
            chunk = self.stream.readline()
            if isinstance(chunk, bytes):
                chunk = self._decoder.decode(chunk)
            if not chunk:
                self.eof = True
            self._buffer += chunk
            return True
        if timeout is not None:
            ready, _, _ = select.select([self.fd], [], [], max(0.0, timeout))
            if not ready:
                return False
        data = os.read(self.fd, 65536)
        if not data:
            self._buffer += self._decoder.decode(b"", final=True)
            self.eof = True
        else:
            self._buffer += self._decoder.decode(data)
        return True

    @property
    def pending(self) -> str:
        """A half line read but not yet ended by a newline (a pipe can deliver one)."""
        return "" if "\n" in self._buffer else self._buffer

    def readline(self, timeout: float | None = None) -> str | _Timeout | None:
        """The next line without its newline; None at end of input; TIMEOUT at the deadline."""
        import time

        deadline = None if timeout is None else time.monotonic() + timeout
        while "\n" not in self._buffer:
            if self.eof:
                if self._buffer:
                    line, self._buffer = self._buffer, ""
                    return line
                return None
            left = None if deadline is None else deadline - time.monotonic()
            if left is not None and left <= 0:
                return TIMEOUT
            if not self._fill(left):
                return TIMEOUT
        line, self._buffer = self._buffer.split("\n", 1)
        return line.removesuffix("\r")


class PlainRound:
    """One plain-mode round: the same Round engine and Store as the TUI, on stdin/stdout."""

    def __init__(self, app: AppContext, *, out: TextIO, inp: Any = None) -> None:
        self.app = app
        self.out = out
        self.reader = LineReader(inp if inp is not None else sys.stdin)
        #: The answer being typed (complete lines), for the draft kept on a timer or a signal.
        self._lines: list[str] = []
        self._dirty = False

    def say(self, text: str = "") -> None:
        self.out.write(text + "\n")
        self.out.flush()

    def run(
        self,
        *,
        banks: tuple[str, ...] = (),
        company: str | None = None,
        count: int | None = None,
        seed: int | None = None,
        resume_id: int | None = None,
    ) -> None:
        import time

        from callback_sim.core.round import Round

        settings = self.app.settings()
        store = self.app.store()
        # Said before the first question, never in the middle of an answer.
        store.check_writable()
        if resume_id is not None:
            if banks or company or count or seed is not None:
                raise click.UsageError("--resume continues a session as planned: drop the others")
            session = store.resume_session(resume_id)
            questions = list(session.planned)
            start = store.next_position(session.id)
            if start > len(questions):
                store.finish_session(session.id, "completed")
                self.say(f"Session {session.id} already had every answer; marked completed.")
                return
            from callback_sim.core.followup import is_follow_up

            planned = [q for q in questions if not is_follow_up(q)]
            number = max(1, sum(1 for q in questions[:start] if not is_follow_up(q)))
            self.say(f"Resuming session {session.id} at question {number} of {len(planned)}.")
        else:
            questions, company = self._plan(
                store, banks=banks, company=company, count=count, seed=seed
            )
            session = store.create_session(
                mode="company" if company else "plain",
                planned=questions,
                company=company,
                settings={
                    "banks": list(banks),
                    "count": len(questions),
                    "seed": seed,
                    "time_multiplier": settings.time_multiplier,
                    "on_timeout": settings.on_timeout,
                    "follow_ups": settings.follow_ups,
                },
            )
            start = 1
        # A resumed session keeps the follow-up rule it started with (older ones had none).
        seed_used = session.settings.get("seed")
        rnd = Round(
            questions,
            clock=time.monotonic,
            time_multiplier=settings.time_multiplier,
            on_timeout=settings.on_timeout,
            start_position=start,
            follow_ups=bool(session.settings.get("follow_ups", False)),
            follow_up_seed=seed_used if seed_used is not None else session.id,
        )
        self.session_id = session.id
        held: list[tuple[Submission, Score | None]] = []
        try:
            with _signals_interrupt():
                finished = self._loop(store, rnd, held, feedback_each=settings.feedback == "each")
        except (KeyboardInterrupt, _Stopped) as stop:
            # Keep what was being typed, then say how to go on.
            self._save_draft(store, rnd)
            store.finish_session(session.id, "interrupted")
            self.say("")
            self.say(self._resume_hint(rnd))
            raise SystemExit(stop.code if isinstance(stop, _Stopped) else 130) from None
        for sub, score in held:
            self._show_score(sub, score)
        if finished:
            store.finish_session(session.id, "completed")
            # The whole session's mean, answers from before a resume included.
            mean_score = store.get_session(session.id).mean_score
            mean = "" if mean_score is None else f", mean score {mean_score:.1f}"
            extra = rnd.total - rnd.planned_total
            asked = counted(rnd.planned_total, "question")
            if extra:
                asked += f" and {counted(extra, 'follow-up')}"
            self.say(f"Round complete: {asked}{mean}.")
            self.say(f"Session {session.id}: `callback-sim report {session.id}` shows it in full.")
        else:
            store.finish_session(session.id, "interrupted")
            self.say(self._resume_hint(rnd))

    def _resume_hint(self, rnd: Round) -> str:
        from callback_sim.core.followup import is_follow_up

        done = sum(1 for q in rnd.questions[: rnd.position - 1] if not is_follow_up(q))
        return (
            f"Round stopped after {done} of {counted(rnd.planned_total, 'question')}. Resume "
            f"with `callback-sim practice --plain --resume {self.session_id}`."
        )

    def _plan(
        self,
        store: Store,
        *,
        banks: tuple[str, ...],
        company: str | None,
        count: int | None,
        seed: int | None,
    ) -> tuple[list[Question], str | None]:
        """The round's questions, and the company's name as its debrief spells it."""
        from callback_sim.core.errors import NotFoundError
        from callback_sim.core.round import plan_round

        bank_set = self.app.banks()
        n = count or self.app.settings().question_count
        stats = store.question_stats()
        if company:
            from callback_sim.loops import next_company_loop
            from callback_sim.store.debriefs import get_debrief

            if banks:
                raise click.UsageError("--company plans from every bank; leave out --bank")
            # The company's next loop, exactly as `plan --company` shows it.
            debrief = get_debrief(store, company)
            planned = next_company_loop(store, debrief, bank_set, count=n, seed=seed).questions
            return planned, debrief.company
        bank_ids = list(banks) or [b.id for b in bank_set.banks if b.source == "builtin"]
        pool = bank_set.questions(bank_ids=bank_ids)
        if not pool:
            raise NotFoundError(
                f"no questions in {'bank' if len(bank_ids) == 1 else 'banks'} "
                f"{', '.join(bank_ids) or '(none)'}; "
                "`callback-sim bank list` shows the banks"
            )
        return plan_round(pool, n, seed=seed, stats=stats), None

    def _loop(
        self,
        store: Store,
        rnd: Round,
        held: list[tuple[Submission, Score | None]],
        *,
        feedback_each: bool,
    ) -> bool:
        """Ask until the round ends (True) or input ends first (False)."""
        while rnd.current is not None:
            result = self._ask(store, rnd)
            if result is None:
                return False
            sub, score = result
            if feedback_each:
                self._show_score(sub, score)
            else:
                held.append((sub, score))
            self._follow_up(store, rnd, sub, score)
            if self.reader.eof and rnd.current is not None:
                return False
        return True

    def _follow_up(self, store: Store, rnd: Round, sub: Submission, score: Score | None) -> None:
        """Ask the round whether to press on this answer; plan the follow-up if so."""
        from callback_sim.store import StoreError

        question = rnd.follow_up(sub, score.consistency if score is not None else ())
        if question is None:
            return
        try:
            store.insert_planned(self.session_id, sub.position + 1, question)
        except StoreError as err:
            rnd.withdraw(question)
            click.echo(f"Follow-up not asked: {err}", err=True)

    def _ask(self, store: Store, rnd: Round) -> tuple[Submission, Score | None] | None:
        """One question: print it, read the answer, score and save it. None at end of input."""
        import time

        from callback_sim.core.followup import is_follow_up
        from callback_sim.store import StoreError, sanitize_text

        q = rnd.current
        assert q is not None
        draft = store.get_draft(self.session_id)
        if draft is not None and draft.position != rnd.position:
            draft = None
        persona = (q.persona or "interviewer").replace("_", " ")
        persona = f"{q.asked_by} ({persona})" if q.asked_by else persona[:1].upper() + persona[1:]
        self.say("")
        if is_follow_up(q):
            self.say(f"Follow-up to question {rnd.number} · {persona} · {q.category}")
        else:
            self.say(f"Question {rnd.number} of {rnd.planned_total} · {persona} · {q.category}")
        self.say(q.prompt)
        if q.source.quote and not is_follow_up(q):
            self.say(f"(Quoting round one: “{q.source.quote}”)")
        if draft is not None and draft.text.strip():
            self.say("Your unsaved draft from last time (type your answer again to keep it):")
            for draft_line in draft.text.split("\n"):
                self.say(f"| {draft_line}")
        rnd.begin_question(
            elapsed=draft.elapsed if draft else 0.0,
            think_seconds=draft.think_seconds if draft else None,
        )
        self.say(
            f"Time limit {rnd.time_limit()} s. End your answer with a line holding only "
            "'.'; a '.' alone skips."
        )
        lines: list[str] = []
        self._lines = lines
        self._dirty = False
        timed_out = False
        warned = False
        last_draft = time.monotonic()
        while True:
            # Wait for input until the limit (once; after the notice, as long as it takes)
            # or until a changed draft is due, whichever comes first.
            waits = [] if warned else [max(0.0, rnd.remaining())]
            if self._dirty or self.reader.pending:
                waits.append(max(0.0, last_draft + DRAFT_EVERY - time.monotonic()))
            line = self.reader.readline(timeout=min(waits) if waits else None)
            if isinstance(line, _Timeout):
                if time.monotonic() - last_draft >= DRAFT_EVERY:
                    last_draft = time.monotonic()
                    self._save_draft(store, rnd)
                if warned or rnd.remaining() > 0:
                    continue
                if rnd.tick():
                    timed_out = True
                    break
                warned = True
                self.say("Time is up; keep going, overtime is counted.")
                continue
            if line is None:
                break
            if line.strip() == ".":
                break
            rnd.keystroke()
            lines.append(line)
            self._dirty = True
            if time.monotonic() - last_draft >= DRAFT_EVERY:
                last_draft = time.monotonic()
                self._save_draft(store, rnd)
        self._lines = []
        self._dirty = False
        text = sanitize_text("\n".join(lines)).strip("\n")
        if line is None and not text:
            # End of input before any answer: nothing to save, the question stays open.
            return None
        if timed_out:
            self.say("Time is up: your answer was submitted as it stood.")
            sub = rnd.submit(text, timed_out=True)
        elif not text.strip():
            sub = rnd.skip(text)
        else:
            sub = rnd.submit(text)
        score = None if sub.skipped else self._score(sub)
        try:
            store.save_answer(self.session_id, sub, score)
        except StoreError as err:
            self.say("Your answer could not be saved; here it is:")
            for answer_line in sub.text.split("\n"):
                self.say(f"| {answer_line}")
            raise click.ClickException(str(err)) from None
        return sub, score

    def _save_draft(self, store: Store, rnd: Round) -> None:
        """Keep the answer being typed (lines so far and any half line) as the draft."""
        from callback_sim.core.models import Draft
        from callback_sim.store import StoreError, sanitize_text

        half = self.reader.pending
        text = "\n".join([*self._lines, half] if half else self._lines)
        if not rnd.answering or not text.strip():
            return
        self._dirty = False
        try:
            store.save_draft(
                Draft(
                    session_id=self.session_id,
                    position=rnd.position,
                    text=sanitize_text(text),
                    think_seconds=rnd.think_seconds(),
                    elapsed=rnd.elapsed(),
                )
            )
        except StoreError as err:
            click.echo(f"Draft not saved: {err}", err=True)

    def _score(self, sub: Submission) -> Score:
        from callback_sim.core.assess import assess_answer

        return assess_answer(sub.question, sub.text, seconds=sub.seconds, time_limit=sub.time_limit)

    def _show_score(self, sub: Submission, score: Score | None) -> None:
        if sub.skipped:
            self.say(f"Question {sub.position}: skipped.")
            return
        if score is None:
            return
        self.say(
            f"Score {score.score:.1f} of 100 (content {score.content_score:.1f}, "
            f"delivery {score.delivery_score:.1f}) · {sub.seconds:.0f} s of {sub.time_limit} s"
        )
        for t in score.terms:
            if t.matched:
                self.say(f"  Found: {t.label}: “{t.evidence}”")
            else:
                self.say(f"  Missing: {t.label}")
        for t in score.avoid:
            if t.matched:
                self.say(f"  Avoid: {t.label}: “{t.evidence}”")
        for note in score.consistency:
            self.say(f"  Consistency: {note}")
        for tip in score.feedback:
            self.say(f"  - {tip}")
