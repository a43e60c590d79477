"""Recovery files: an answer that could not be saved (disk full, read-only, locked) is kept here.

Each file is one JSON object holding the submission, its score and the database it was
meant for (its path and its id from `app_state`). They go to the data directory's
`recovery/` or, when that cannot be written (the disk is full), to a private directory in
the system temp dir named by the database id, so two data directories never share one.
`callback-sim doctor --recover` imports them (`Store.import_recovery`), only into the
database they name; a later successful save of the same answer removes its file.
"""

from __future__ import annotations

import contextlib
import json
import os
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from callback_sim.core.models import Delivery, Question, Score, TermResult
from callback_sim.store.db import sanitize_text, utc_now, without_surrogates

if TYPE_CHECKING:
    from callback_sim.core.round import Submission

RECOVERY_FORMAT = 1


def _temp_root() -> Path:
    # Imported here, with the round engine below: opening the store at start-up needs neither.
    import tempfile

    uid = os.getuid() if hasattr(os, "getuid") else 0
    return Path(tempfile.gettempdir()) / f"callback-sim-{uid}-recovery"


def recovery_dirs(data_dir: Path, database_id: str | None = None) -> list[Path]:
    """Where recovery files are written: the data directory first, then the temp fallback.

    The fallback is a folder of its own per database (its id), never shared.
    """
    return [data_dir / "recovery", _temp_root() / (database_id or "no-id")]


def search_dirs(data_dir: Path, database_id: str | None = None) -> list[Path]:
    """Where recovery files of this data directory may be, older layouts included."""
    return [*recovery_dirs(data_dir, database_id), _temp_root()]


def belongs_to(data: Mapping[str, Any], database: Path, database_id: str | None) -> bool:
    """Whether a recovery record names this database: by id when both have one, else path."""
    record_id = data.get("database_id")
    if record_id and database_id:
        return bool(record_id == database_id)
    named = data.get("database")
    if not named:
        return False
    with contextlib.suppress(OSError):
        return Path(str(named)).resolve() == database.resolve()
    return str(named) == str(database)


def clear_saved_recovery(
    dirs: list[Path],
    identity: tuple[Path, str | None],
    session_id: int,
    position: int,
    saved_text: str,
) -> list[Path]:
    """Remove recovery files of an answer that has now been saved; returns those handled.

    A file holding the same text is removed (the database has it). One holding other text
    (the answer was typed again) is renamed `*.superseded`: kept, never imported again.
    """
    database, database_id = identity
    handled: list[Path] = []
    for path in find_recovery_files(dirs, suffix=f"-s{session_id}-p{position}.json"):
        try:
            data = read_recovery(path)
        except (OSError, ValueError):
            continue
        if not belongs_to(data, database, database_id):
            continue
        text = str(data.get("submission", {}).get("text", ""))
        with contextlib.suppress(OSError):
            if sanitize_text(text) == saved_text:
                path.unlink()
            else:
                os.replace(path, path.with_name(path.name + ".superseded"))
            handled.append(path)
    return handled


def score_to_record(score: Score) -> dict[str, Any]:
    """A score with evidence spans, as stored in the answers table and recovery files."""
    return {
        "question_id": score.question_id,
        "score": score.score,
        "content_score": score.content_score,
        "delivery_score": score.delivery_score,
        "terms": [t.to_record() for t in score.terms],
        "avoid": [t.to_record() for t in score.avoid],
        "delivery": score.delivery.to_json(),
        "feedback": list(score.feedback),
        "consistency": list(score.consistency),
    }


def score_from_record(data: dict[str, Any]) -> Score:
    return Score(
        question_id=data["question_id"],
        score=float(data["score"]),
        content_score=float(data["content_score"]),
        delivery_score=float(data["delivery_score"]),
        terms=tuple(TermResult.from_record(t) for t in data.get("terms", [])),
        avoid=tuple(TermResult.from_record(t) for t in data.get("avoid", [])),
        delivery=Delivery.from_json(data["delivery"]),
        feedback=tuple(data.get("feedback", [])),
        consistency=tuple(data.get("consistency", [])),
    )


def submission_to_record(sub: Submission) -> dict[str, Any]:
    return {
        "position": sub.position,
        "question": sub.question.to_record(),
        "text": sub.text,
        "seconds": sub.seconds,
        "think_seconds": sub.think_seconds,
        "time_limit": sub.time_limit,
        "overtime": sub.overtime,
        "skipped": sub.skipped,
        "timed_out": sub.timed_out,
    }


def submission_from_record(data: dict[str, Any]) -> Submission:
    from callback_sim.core.round import Submission

    return Submission(
        position=int(data["position"]),
        question=Question.from_record(data["question"]),
        text=str(data["text"]),
        seconds=float(data["seconds"]),
        think_seconds=data.get("think_seconds"),
        time_limit=int(data["time_limit"]),
        overtime=float(data.get("overtime", 0.0)),
        skipped=bool(data.get("skipped", False)),
        timed_out=bool(data.get("timed_out", False)),
    )


def _private_dir(directory: Path) -> None:
    directory.mkdir(parents=True, mode=0o700, exist_ok=True)
    st = directory.stat()
    if hasattr(os, "getuid") and st.st_uid != os.getuid():
        # A shared temp dir someone else created: never write answers into it.
        raise PermissionError(13, "owned by another user", str(directory))


def write_recovery(
    dirs: list[Path],
    *,
    database: Path,
    database_id: str | None = None,
    scorer_version: int | None = None,
    session_id: int,
    submission: Submission,
    score: Score | None,
    reason: str,
) -> Path:
    """Write one unsaved answer to the first directory that takes it; OSError if none does."""
    record = {
        "format": RECOVERY_FORMAT,
        "database": str(database.resolve()),
        "database_id": database_id,
        "session_id": session_id,
        "submission": submission_to_record(submission),
        "score": score_to_record(score) if score is not None else None,
        "scorer_version": scorer_version,
        "reason": reason,
        "written_at": utc_now(),
    }
    text = without_surrogates(json.dumps(record, ensure_ascii=False, indent=1))
    name = f"answer-{utc_now().replace(':', '')}-s{session_id}-p{submission.position}.json"
    last_error: OSError | None = None
    for directory in dirs:
        target = directory / name
        try:
            _private_dir(directory)
            fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                fh.write(text)
                fh.flush()
                os.fsync(fh.fileno())
            return target
        except OSError as exc:
            last_error = exc
            # A half-written file would look like a recovery file that cannot be read.
            with contextlib.suppress(OSError):
                target.unlink(missing_ok=True)
    assert last_error is not None
    raise last_error


def find_recovery_files(dirs: list[Path], *, suffix: str = ".json") -> list[Path]:
    """Recovery files not yet imported (names ending in `suffix`), oldest first."""
    found: set[Path] = set()
    for directory in dirs:
        with contextlib.suppress(OSError):
            if directory.is_dir():
                found.update(p for p in directory.glob(f"answer-*{suffix}") if p.is_file())
    return sorted(found, key=lambda p: p.name)


def read_recovery(path: Path) -> dict[str, Any]:
    """The record of one recovery file; ValueError when it is not one of ours."""
    data = json.loads(path.read_text(encoding="utf-8"))
    if not isinstance(data, dict) or data.get("format") != RECOVERY_FORMAT:
        raise ValueError(f"{path}: not a callback-sim recovery file")
    return data


def mark_imported(path: Path) -> Path:
    """Rename an imported file so it is not imported twice (it is kept, never deleted)."""
    target = path.with_name(path.name + ".imported")
    os.replace(path, target)
    return target
