"""Data commands: history, report, export, import-export, backup, restore, doctor, rescore.

Reading commands open the database read-only (`mode=ro`), so a read-only data directory
can still be read. Module-level imports stay light (click only): each command imports the
store when it runs, so `callback-sim history` starts nearly as fast as `--version`.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

import click

from callback_sim.context import AppContext
from callback_sim.core.text import counted

if TYPE_CHECKING:
    from callback_sim.core.models import Answer, Score, SessionSummary


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
    summaries = app.store(read_only=True).list_sessions(limit=limit)
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

    session = app.store(read_only=True).get_session(session_id)
    if fmt == "json":
        import json

        click.echo(json.dumps(session_json(session), ensure_ascii=False, indent=2))
    else:
        click.echo(session_markdown(session), nl=False)


def _private_partial(output: Path, force: bool) -> tuple[Path, TextIO]:
    """A new 0600 file beside `output` to write into; refuses an existing `output`."""
    import os

    if output.exists() and not force:
        raise click.ClickException(
            f"{output}: already exists; choose another name, or add --force to replace it"
        )
    tmp = output.with_name(f".{output.name}.partial")
    tmp.unlink(missing_ok=True)
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    return tmp, os.fdopen(fd, "w", encoding="utf-8", newline="")


@click.command()
@click.option("--format", "fmt", type=click.Choice(["json", "csv"]), required=True)
@click.option(
    "--output", "-o", type=click.Path(dir_okay=False, path_type=Path), help="Write to a file."
)
@click.option("--force", is_flag=True, help="Replace the --output file if it exists.")
@click.pass_obj
def export(app: AppContext, fmt: str, output: Path | None, force: bool) -> None:
    """Everything: JSON (complete; `import-export` rebuilds from it) or CSV (one row per answer).

    A new --output file is private (0600); an existing one is refused unless --force.
    """
    import os

    from callback_sim.store.exchange import write_json_export
    from callback_sim.store.report import EXPORT_CSV_COLUMNS, export_rows

    store = app.store(read_only=True)
    out: TextIO
    tmp: Path | None = None
    if output is not None:
        # Written beside the target and renamed, so a failed export never leaves half a file.
        tmp, out = _private_partial(output, force)
    else:
        out = sys.stdout
    try:
        if fmt == "csv":
            _write_csv(export_rows(store.iter_sessions()), EXPORT_CSV_COLUMNS, out)
        else:
            write_json_export(store, out)
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


@click.command("import-export")
@click.argument("export_file", type=click.Path(dir_okay=False, path_type=Path))
@click.pass_obj
def import_export(app: AppContext, export_file: Path) -> None:
    """Rebuild a database from a JSON export (into a data directory with no sessions yet)."""
    from callback_sim.store.exchange import import_export as rebuild
    from callback_sim.store.exchange import read_export

    data = read_export(export_file)
    counts = rebuild(app.store(), data)
    parts = ", ".join(f"{table} {n}" for table, n in counts.items() if n)
    click.echo(f"Rebuilt {app.paths.database} from {export_file}: {parts or 'nothing to import'}.")


# -- backup and restore ------------------------------------------------------------------------


@click.command()
@click.option(
    "--keep",
    type=click.IntRange(min=1),
    default=10,
    show_default=True,
    help="Recent backups kept (plus the newest of each month).",
)
@click.option(
    "--to",
    "dest",
    type=click.Path(file_okay=False, path_type=Path),
    help="Write the backup into DIR instead of the data directory's backups/.",
)
@click.pass_obj
def backup(app: AppContext, keep: int, dest: Path | None) -> None:
    """A dated, checked copy of the database in backups/ (old ones thinned).

    The copy counts only when its integrity check passes: a damaged database is
    reported (exit 1) and never pushes a good backup out.
    """
    path = app.store(read_only=True).backup(dest or app.paths.backups, keep_last=keep)
    click.echo(str(path))


@click.command()
@click.argument("backup_file", type=click.Path(dir_okay=False, path_type=Path))
@click.pass_obj
def restore(app: AppContext, backup_file: Path) -> None:
    """Put a backup back: check it, move the database and its -wal/-shm aside, copy, verify.

    Refused while another program has the database open. Nothing is deleted: the
    current files are renamed `callback-sim.db.before-restore-TIMESTAMP*`.
    """
    from callback_sim.store.repair import restore_backup

    db = app.paths.database
    result = restore_backup(db, backup_file)
    b = result.backup
    click.echo(
        f"Checked {b.path}: integrity ok, schema version {b.schema_version}, "
        f"{counted(b.sessions, 'session')}, {counted(b.answers, 'answer')}."
    )
    if result.moved:
        click.echo("Moved aside (kept, not deleted):")
        for path in result.moved:
            click.echo(f"  {path}")
    else:
        click.echo(f"There was no database at {db}; nothing was moved.")
    r = result.restored
    click.echo(
        f"Restored to {db} and verified: integrity ok, {counted(r.sessions, 'session')}, "
        f"{counted(r.answers, 'answer')}."
    )


# -- rescore ---------------------------------------------------------------------------------


def _score_stored(answer: Answer) -> Score:
    """The current scorer on a stored answer: its text, time and the question as asked."""
    from callback_sim.core.assess import assess_answer

    return assess_answer(
        answer.question, answer.text, seconds=answer.seconds, time_limit=answer.time_limit
    )


@click.command()
@click.argument("session_id", type=int, required=False)
@click.option("--all", "every", is_flag=True, help="Rescore every session.")
@click.pass_obj
def rescore(app: AppContext, session_id: int | None, every: bool) -> None:
    """Recompute stored answers' scores with the current scorer (text and time are kept)."""
    from callback_sim.core.scoring import SCORER_VERSION

    if every == (session_id is not None):
        raise click.UsageError("give a SESSION_ID or --all")
    store = app.store()
    store.check_writable()
    done, changed = store.rescore(_score_stored, SCORER_VERSION, session_id=session_id)
    where = "in every session" if every else f"in session {session_id}"
    click.echo(
        f"Rescored {counted(done, 'answer')} {where} with scorer version {SCORER_VERSION}; "
        f"{changed} changed. `callback-sim progress` marks them."
    )


# -- doctor ----------------------------------------------------------------------------------


def _mode(path: Path) -> str:
    try:
        return oct(path.stat().st_mode & 0o777)[2:].rjust(4, "0")
    except OSError:
        return "?"


def _say(label: str, text: str) -> None:
    click.echo(f"{label + ':' if label else '':<14}{text}")


@click.command()
@click.option("--move-aside", is_flag=True, help="Rename a damaged database so a new one starts.")
@click.option(
    "--salvage",
    is_flag=True,
    help="Copy every readable row of a damaged database into a new one (the old is kept).",
)
@click.option("--recover", is_flag=True, help="Save answers kept in recovery files.")
@click.pass_obj
def doctor(app: AppContext, move_aside: bool, salvage: bool, recover: bool) -> None:
    """Check the database (integrity, schema, permissions), salvage and repair it."""
    from callback_sim.store import DatabaseCorruptError, Store, StoreError
    from callback_sim.store.backups import list_backups
    from callback_sim.store.migrations import LATEST_VERSION

    if move_aside and salvage:
        raise click.UsageError("choose one of --move-aside and --salvage")
    paths = app.paths
    db_path = paths.database
    problems: list[str] = []
    _say("data dir", f"{paths.data_dir} (mode {_mode(paths.data_dir)})")
    if paths.data_dir.exists() and int(_mode(paths.data_dir), 8) & 0o077:
        _say("", f"warning: readable by other users; `chmod 700 {paths.data_dir}`")
    store: Store | None = None
    damaged = False
    empty = False
    if not db_path.exists():
        _say("database", f"{db_path} (not created yet)")
    else:
        size = db_path.stat().st_size
        _say("database", f"{db_path} ({size:,} bytes, mode {_mode(db_path)})")
        if int(_mode(db_path), 8) & 0o077:
            _say("", f"warning: readable by other users; `chmod 600 {db_path}`")
        if size == 0:
            empty = True
            problems.append(f"{db_path}: the file is empty")
            _say(
                "integrity",
                "EMPTY: the file is 0 bytes, it holds no sessions; callback-sim will set it "
                "up as a new database. If your sessions should be in it, restore a backup "
                "(`callback-sim restore BACKUP_FILE`)",
            )
    if db_path.exists() and not empty:
        try:
            store = Store.open(db_path, read_only=not _writable(db_path))
        except DatabaseCorruptError as err:
            damaged = True
            problems.append(str(err))
            _say("integrity", f"FAILED: {err.finding}")
        except StoreError as err:
            problems.append(str(err))
            _say("open", f"FAILED: {err}")
    try:
        if store is not None:
            _say("schema", f"version {store.schema_version()} (latest {LATEST_VERSION})")
            found = [store.damage] if store.damage else store.integrity_check()
            if found:
                damaged = True
                problems.append(f"{db_path}: integrity check failed: {found[0]}")
                _say("integrity", f"FAILED ({counted(len(found), 'problem')}): {found[0]}")
            else:
                _say("integrity", "ok")
            _report_sessions(store, problems, damaged)
        _report_recovery(app, store, recover, problems)
        backups = list_backups(paths.backups, db_path.stem)
        newest = f", newest {backups[0]}" if backups else ""
        _say("backups", f"{len(backups)} in {paths.backups}{newest}")
    finally:
        if store is not None:
            store.close()
    if (move_aside or salvage) and not damaged:
        what = "moved" if move_aside else "changed"
        click.echo(f"{db_path}: the database is not damaged; nothing was {what}.")
    elif salvage:
        _salvage(db_path)
        return
    elif move_aside:
        from callback_sim.store.repair import move_aside as rename_aside

        target = rename_aside(db_path, "corrupt")[0]
        click.echo(
            f"Moved the damaged database to {target} (kept, not deleted); the next start "
            "creates a new one. `callback-sim doctor --salvage` would have kept its readable rows."
        )
        return
    elif damaged:
        click.echo(
            "To fix it: `callback-sim doctor --salvage` copies every readable session and "
            "answer into a new database (the damaged file is kept), or "
            "`callback-sim restore BACKUP_FILE` puts a backup back."
        )
    if problems:
        raise click.ClickException(f"doctor found {counted(len(problems), 'problem')}; see above")


def _writable(db_path: Path) -> bool:
    import os

    return os.access(db_path, os.W_OK) and os.access(db_path.parent, os.W_OK)


def _report_sessions(store: Any, problems: list[str], damaged: bool) -> None:
    from callback_sim.store import StoreError

    try:
        total = store.count_sessions()
        resumable = store.resumable_sessions()
    except StoreError as err:
        problems.append(str(err))
        _say("sessions", f"cannot be read: {err}")
        return
    line = f"{total}"
    if resumable:
        line += (
            f" ({len(resumable)} interrupted; resume with "
            f"`callback-sim practice --plain --resume {resumable[0].id}`)"
        )
    _say("sessions", line)
    if damaged:
        _say("writable", "NO: the database is damaged, so nothing is written to it")
        return
    try:
        store.check_writable()
        _say("writable", "yes")
    except StoreError as err:
        problems.append(str(err))
        _say("writable", f"NO: {err}")


def _report_recovery(app: AppContext, store: Any, recover: bool, problems: list[str]) -> None:
    from callback_sim.core.errors import CallbackSimError
    from callback_sim.store.recovery import find_recovery_files, read_recovery, search_dirs

    database_id = store.database_id if store is not None else None
    dirs = search_dirs(app.paths.data_dir, database_id)

    def ours_and_others() -> tuple[list[Path], list[tuple[Path, str]]]:
        ours: list[Path] = []
        others: list[tuple[Path, str]] = []
        for f in find_recovery_files(dirs):
            try:
                data = read_recovery(f)
            except (OSError, ValueError):
                ours.append(f)  # unreadable: shown, and import says why
                continue
            if store is None or store.recovery_belongs_here(data):
                ours.append(f)
            else:
                others.append((f, str(data.get("database", "another database"))))
        return ours, others

    files, others = ours_and_others()
    if recover and files:
        if store is None or store.damage:
            raise click.ClickException(
                f"{app.paths.database}: cannot recover answers until the database opens "
                "undamaged; see the problems above"
            )
        for f in files:
            try:
                answer = store.import_recovery(f)
                _say("recovered", f"{f} -> session {answer.session_id}, question {answer.position}")
            except CallbackSimError as err:
                problems.append(str(err))
                _say("not recovered", f"{f}: {err} (file kept)")
        files, others = ours_and_others()
    if files:
        _say("recovery", f"{counted(len(files), 'unsaved answer file')}:")
        for f in files:
            _say("", str(f))
        if not recover:
            _say("", "run `callback-sim doctor --recover` to save them")
    else:
        _say("recovery", "none")
    for f, database in others:
        _say("", f"{f}: belongs to {database}, not this database; left alone")


def _salvage(db_path: Path) -> None:
    from callback_sim.store.repair import salvage_database

    result = salvage_database(db_path)
    saved = result.saved
    click.echo(
        f"Salvaged {counted(saved.get('sessions', 0), 'session')} and "
        f"{counted(saved.get('answers', 0), 'answer')} ({counted(result.total_saved, 'row')} "
        f"in all) into a new {db_path}."
    )
    others = ", ".join(
        f"{t} {n}" for t, n in saved.items() if n and t not in ("sessions", "answers")
    )
    if others:
        click.echo(f"Also saved: {others}.")
    if result.unreadable:
        lost = ", ".join(f"{t} {n}" for t, n in result.unreadable.items())
        click.echo(f"Could not be read (lost with the damaged pages): {lost}.")
    if result.stand_in_sessions:
        click.echo(
            f"{counted(result.stand_in_sessions, 'session')} lost its own row; its answers "
            "are kept under a stand-in session (mode `salvaged`)."
        )
    click.echo("The damaged file is kept (not deleted):")
    for path in result.damaged_kept:
        click.echo(f"  {path}")
