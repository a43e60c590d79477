"""Session commands: practice (plain line mode or the TUI), history, report, export, backup, doctor.

Module-level imports stay light (click only): each command imports the store, banks and
scoring when it runs, so `callback-sim history` starts nearly as fast as `--version`.
"""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

import click

from callback_sim.context import AppContext

if TYPE_CHECKING:
    from callback_sim.core.models import Question, Score, SessionSummary
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

        run_app(app)
        return
    PlainRound(app, out=sys.stdout).run(
        banks=banks, company=company, count=count, seed=seed, resume_id=resume_id
    )


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}{'' if count == 1 else 's'}"


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
            asked = _plural(rnd.planned_total, "question")
            if extra:
                asked += f" and {_plural(extra, 'follow-up')}"
            self.say(f"Round complete: {asked}{mean}.")
            self.say(f"Session {session.id}: `callback-sim report {session.id}` shows it in full.")
        else:
            store.finish_session(session.id, "interrupted")
            self.say(self._resume_hint(rnd))

    def _resume_hint(self, rnd: Round) -> str:
        from callback_sim.core.followup import is_follow_up

        done = sum(1 for q in rnd.questions[: rnd.position - 1] if not is_follow_up(q))
        return (
            f"Round stopped after {done} of {_plural(rnd.planned_total, 'question')}. Resume "
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
                f"no questions in bank(s) {', '.join(bank_ids) or '(none)'}; "
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
        from callback_sim.core.scoring import score_answer

        return score_answer(sub.question, sub.text, seconds=sub.seconds, time_limit=sub.time_limit)

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


# -- history, report, export -----------------------------------------------------------------


def _write_csv(rows: Any, header: tuple[str, ...], out: TextIO) -> None:
    import csv

    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)


def _history_table(summaries: list[SessionSummary]) -> str:
    if not summaries:
        return "No sessions yet: `callback-sim practice` starts one."
    header = f"{'ID':>5}  {'Started (UTC)':<16}  {'Status':<11}  {'Mode':<8}  "
    header += f"{'Answers':>7}  {'Score':>5}  Company"
    lines = [header]
    for s in summaries:
        score = "—" if s.score is None else f"{s.score:.1f}"
        started = s.started_at.replace("T", " ")[:16]
        lines.append(
            f"{s.id:>5}  {started:<16}  {s.status.replace('_', ' '):<11}  {s.mode:<8}  "
            f"{f'{s.answers}/{s.planned}':>7}  {score:>5}  {s.company or ''}"
        )
    return "\n".join(lines)


@click.command()
@click.option("--json", "as_json", is_flag=True, help="A JSON list (see PRODUCT.md).")
@click.option("--csv", "as_csv", is_flag=True, help="CSV with a header row.")
@click.option("--limit", type=click.IntRange(min=1), default=50, show_default=True)
@click.pass_obj
def history(app: AppContext, as_json: bool, as_csv: bool, limit: int) -> None:
    """Past sessions, newest first."""
    if as_json and as_csv:
        raise click.UsageError("choose one of --json and --csv")
    summaries = app.store().list_sessions(limit=limit)
    if as_json:
        import json

        click.echo(json.dumps([s.to_json() for s in summaries], ensure_ascii=False, indent=2))
    elif as_csv:
        from callback_sim.store.report import HISTORY_CSV_COLUMNS, history_rows

        _write_csv(history_rows(summaries), HISTORY_CSV_COLUMNS, sys.stdout)
    else:
        click.echo(_history_table(summaries))


@click.command()
@click.argument("session_id", type=int)
@click.option("--format", "fmt", type=click.Choice(["md", "json"]), default="md", show_default=True)
@click.pass_obj
def report(app: AppContext, session_id: int, fmt: str) -> None:
    """One session in full: every question as asked, the answer verbatim, the evidence."""
    from callback_sim.store.report import session_json, session_markdown

    session = app.store().get_session(session_id)
    if fmt == "json":
        import json

        click.echo(json.dumps(session_json(session), ensure_ascii=False, indent=2))
    else:
        click.echo(session_markdown(session), nl=False)


@click.command()
@click.option("--format", "fmt", type=click.Choice(["json", "csv"]), required=True)
@click.option(
    "--output", "-o", type=click.Path(dir_okay=False, path_type=Path), help="Write to a file."
)
@click.pass_obj
def export(app: AppContext, fmt: str, output: Path | None) -> None:
    """Every session and answer: JSON (one object) or CSV (one row per answer)."""
    import json
    import os

    from callback_sim.store.report import EXPORT_CSV_COLUMNS, export_rows, session_json

    store = app.store()
    out: TextIO
    tmp: Path | None = None
    if output is not None:
        # Written beside the target and renamed, so a failed export never leaves half a file.
        tmp = output.with_name(f".{output.name}.partial")
        out = tmp.open("w", encoding="utf-8", newline="")
    else:
        out = sys.stdout
    try:
        if fmt == "csv":
            _write_csv(export_rows(store.iter_sessions()), EXPORT_CSV_COLUMNS, out)
        else:
            from callback_sim import __version__
            from callback_sim.store.db import utc_now

            out.write('{"format": "callback-sim export", ')
            out.write(f'"version": {json.dumps(__version__)}, ')
            out.write(f'"schema_version": {store.schema_version()}, ')
            out.write(f'"exported_at": {json.dumps(utc_now())}, "sessions": [')
            for n, session in enumerate(store.iter_sessions()):
                out.write(",\n" if n else "\n")
                out.write(json.dumps(session_json(session), ensure_ascii=False))
            out.write("\n]}\n")
        out.flush()
    except BaseException:
        if tmp is not None:
            out.close()
            tmp.unlink(missing_ok=True)
        raise
    if tmp is not None and output is not None:
        out.close()
        os.replace(tmp, output)
        click.echo(f"Exported to {output}", err=True)


@click.command()
@click.option(
    "--keep",
    type=click.IntRange(min=1),
    default=10,
    show_default=True,
    help="Recent backups kept (plus the newest of each month).",
)
@click.pass_obj
def backup(app: AppContext, keep: int) -> None:
    """A dated copy of the database in the data directory's backups/ (old ones thinned)."""
    path = app.store().backup(app.paths.backups, keep_last=keep)
    click.echo(str(path))


# -- doctor ------------------------------------------------------------------------------------


def _mode(path: Path) -> str:
    try:
        return oct(path.stat().st_mode & 0o777)[2:].rjust(4, "0")
    except OSError:
        return "?"


def _move_aside(db: Path) -> Path:
    """Rename the database and its WAL/SHM files to NAME.corrupt-TIMESTAMP*; nothing is deleted."""
    import os
    from datetime import UTC, datetime

    stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S")
    target = db.with_name(f"{db.name}.corrupt-{stamp}")
    n = 2
    while target.exists():
        target = db.with_name(f"{db.name}.corrupt-{stamp}-{n}")
        n += 1
    for suffix in ("-wal", "-shm"):
        side = db.with_name(db.name + suffix)
        if side.exists():
            os.replace(side, target.with_name(target.name + suffix))
    os.replace(db, target)
    return target


@click.command()
@click.option("--move-aside", is_flag=True, help="Rename a damaged database so a new one starts.")
@click.option("--recover", is_flag=True, help="Save answers kept in recovery files.")
@click.pass_obj
def doctor(app: AppContext, move_aside: bool, recover: bool) -> None:
    """Check the database (integrity, schema, permissions) and help repair it."""
    from callback_sim.store import DatabaseCorruptError, Store, StoreError
    from callback_sim.store.backups import list_backups
    from callback_sim.store.migrations import LATEST_VERSION
    from callback_sim.store.recovery import find_recovery_files, recovery_dirs

    paths = app.paths
    db_path = paths.database
    problems: list[str] = []
    click.echo(f"{'data dir:':<14}{paths.data_dir} (mode {_mode(paths.data_dir)})")
    if paths.data_dir.exists() and int(_mode(paths.data_dir), 8) & 0o077:
        click.echo(f"{'':<14}warning: readable by other users; `chmod 700 {paths.data_dir}`")
    store: Store | None = None
    damaged = False
    if not db_path.exists():
        click.echo(f"{'database:':<14}{db_path} (not created yet)")
    else:
        size = db_path.stat().st_size
        click.echo(f"{'database:':<14}{db_path} ({size:,} bytes, mode {_mode(db_path)})")
        if int(_mode(db_path), 8) & 0o077:
            click.echo(f"{'':<14}warning: readable by other users; `chmod 600 {db_path}`")
        try:
            store = Store.open(db_path)
        except DatabaseCorruptError as err:
            damaged = True
            problems.append(str(err))
            click.echo(f"{'integrity:':<14}FAILED: the file cannot be opened as a database")
        except StoreError as err:
            problems.append(str(err))
            click.echo(f"{'open:':<14}FAILED: {err}")
    try:
        if store is not None:
            click.echo(f"{'schema:':<14}version {store.schema_version()} (latest {LATEST_VERSION})")
            found = store.integrity_check()
            if found:
                damaged = True
                problems.append(f"{db_path}: integrity check failed: {found[0]}")
                click.echo(f"{'integrity:':<14}FAILED ({len(found)} problems): {found[0]}")
            else:
                click.echo(f"{'integrity:':<14}ok")
            total = store.count_sessions()
            resumable = store.resumable_sessions()
            line = f"{total}"
            if resumable:
                line += (
                    f" ({len(resumable)} interrupted; resume with "
                    f"`callback-sim practice --plain --resume {resumable[0].id}`)"
                )
            click.echo(f"{'sessions:':<14}{line}")
            try:
                store.check_writable()
                click.echo(f"{'writable:':<14}yes")
            except StoreError as err:
                problems.append(str(err))
                click.echo(f"{'writable:':<14}NO: {err}")
        files = find_recovery_files(recovery_dirs(paths.data_dir))
        if recover and files:
            if store is None:
                raise click.ClickException(
                    f"{db_path}: cannot recover answers until the database opens; "
                    "see the problems above"
                )
            for f in files:
                try:
                    answer = store.import_recovery(f)
                    click.echo(
                        f"{'recovered:':<14}{f} -> session {answer.session_id}, "
                        f"question {answer.position}"
                    )
                except Exception as err:
                    from callback_sim.core.errors import CallbackSimError

                    if not isinstance(err, CallbackSimError):
                        raise
                    problems.append(str(err))
                    click.echo(f"{'not recovered:':<14}{f}: {err} (file kept)")
            files = find_recovery_files(recovery_dirs(paths.data_dir))
        if files:
            click.echo(f"{'recovery:':<14}{len(files)} unsaved answer file(s):")
            for f in files:
                click.echo(f"{'':<14}{f}")
            if not recover:
                click.echo(f"{'':<14}run `callback-sim doctor --recover` to save them")
        else:
            click.echo(f"{'recovery:':<14}none")
        backups = list_backups(paths.backups, db_path.stem)
        newest = f", newest {backups[0]}" if backups else ""
        click.echo(f"{'backups:':<14}{len(backups)} in {paths.backups}{newest}")
    finally:
        if store is not None:
            store.close()
    if move_aside:
        if not damaged:
            click.echo(f"{db_path}: the database is not damaged; nothing was moved.")
        else:
            target = _move_aside(db_path)
            click.echo(
                f"Moved the damaged database to {target} (kept, not deleted); the next "
                "start creates a new one. `sqlite3 OLD .recover` may salvage its data."
            )
            return
    elif damaged:
        click.echo("To start afresh and keep the damaged file: `callback-sim doctor --move-aside`.")
    if problems:
        raise click.ClickException(f"doctor found {len(problems)} problem(s); see above")
