"""Speakers that read questions aloud without ever blocking, printing or delaying quit.

`EngineSpeaker` keeps one pyttsx3 engine in a child process (`speech.worker`) that renders
each question to a temporary WAV, and plays it with a player process (`speech.player`).
Both processes have their output sent to the null device, so nothing reaches the TUI's
screen; stopping kills the player (pyttsx3's own `stop()` does not stop synthesis), and a
synthesis that is no longer wanted is ended by killing the worker, which restarts on the
next question. One background thread owns both processes; `say`, `stop` and `close` only
queue work, flag it cancelled or kill processes, so they return in milliseconds.
"""

from __future__ import annotations

import contextlib
import itertools
import json
import queue
import shutil
import subprocess
import sys
import tempfile
import threading
import wave
import weakref
from collections import deque
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, Protocol, runtime_checkable

from callback_sim.config import Settings, VoiceSettings
from callback_sim.core.errors import CallbackSimError
from callback_sim.core.models import PERSONAS
from callback_sim.speech.player import Player, check_audio_output, find_player
from callback_sim.speech.voices import VoiceInfo, is_installed, voice_for_persona

#: How the worker is started; tests pass another command to simulate a broken engine.
WORKER_COMMAND: tuple[str, ...] = (sys.executable, "-m", "callback_sim.speech.worker")

#: Seconds to wait for the worker to load the engine and list its voices.
STARTUP_TIMEOUT = 10.0
#: How often the speech thread looks at cancellation while it waits (seconds).
_POLL = 0.02
#: Longest text read aloud, in characters (about four minutes of speech). pyttsx3's espeak
#: driver slows down quadratically with length and was seen to crash at ~30,000 characters.
MAX_TEXT = 4000
#: The tail every fallback notice ends with: what happens and where to look.
_TEXT_ONLY = "questions are shown as text only; `callback-sim voice test` checks speech"

OnDone = Callable[[], None]


class SpeechError(CallbackSimError):
    """Speech could not be produced; the message is one line saying what to do."""


@dataclass(frozen=True)
class SpeechStatus:
    """What speech this machine has: what `voice test` prints and `make_speaker` decides on."""

    engine: str | None  # pyttsx3 driver name ("espeak", "nsss", "sapi5"), None when missing
    voices: tuple[VoiceInfo, ...]
    player: str | None  # the audio player used ("paplay", "aplay", ...), None when none
    audio_device: bool  # the player could open an output device
    reason: str | None  # why speech cannot be used ("no audio player found ..."), None if it can

    @property
    def notice(self) -> str | None:
        """The one-line message a user sees when the app falls back to text only."""
        return _fallback(self.reason) if self.reason else None

    @property
    def usable(self) -> bool:
        return self.reason is None


@runtime_checkable
class Speaker(Protocol):
    """Reads questions aloud. Every method returns at once; none writes to the terminal."""

    @property
    def available(self) -> bool:
        """False once speech is known not to work (then `say` only calls `on_done`)."""
        ...

    def say(self, text: str, *, persona: str | None = None, on_done: OnDone | None = None) -> None:
        """Start reading `text` in `persona`'s voice, stopping anything already speaking.

        `on_done` is called exactly once, from a background thread (never from inside
        `say`), when playback ends, fails, is stopped or is replaced by another `say`.
        """
        ...

    def stop(self) -> None:
        """Stop speaking now (candidate started typing, skip)."""
        ...

    def close(self) -> None:
        """Stop and release the engine and player processes; returns within a second."""
        ...


def clip_text(text: str, limit: int = MAX_TEXT) -> str:
    """`text` cut to at most `limit` characters, at the last sentence end when there is one."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    head = text[:limit]
    end = max(head.rfind(". "), head.rfind("? "), head.rfind("! "))
    return head[: end + 1] if end > limit // 2 else head


def _call_in_background(on_done: OnDone | None) -> None:
    # Same contract as the real speaker: the callback never runs inside the caller's frame,
    # so a TUI can always hand it to post_message/call_from_thread.
    if on_done is not None:
        threading.Thread(target=on_done, name="callback-sim-speech-done", daemon=True).start()


class NullSpeaker:
    """A silent speaker: for voice off, or when no engine or audio device is found."""

    @property
    def available(self) -> bool:
        return False

    @property
    def notice(self) -> str | None:
        return None

    def say(self, text: str, *, persona: str | None = None, on_done: OnDone | None = None) -> None:
        _call_in_background(on_done)

    def stop(self) -> None:
        return None

    def close(self) -> None:
        return None


class _Worker:
    """The speech child process and a thread reading its JSON replies into a queue."""

    def __init__(self, command: Sequence[str]) -> None:
        try:
            self.proc = subprocess.Popen(
                list(command),
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=subprocess.DEVNULL,
                start_new_session=True,
            )
        except OSError as exc:
            reason = exc.strerror or exc
            raise SpeechError(f"the speech worker could not start ({reason})") from None
        self.replies: queue.Queue[dict[str, Any] | None] = queue.Queue()
        threading.Thread(target=self._read, name="callback-sim-speech-reader", daemon=True).start()

    def _read(self) -> None:
        assert self.proc.stdout is not None
        for line in self.proc.stdout:
            with contextlib.suppress(ValueError):
                message = json.loads(line)
                if isinstance(message, dict):
                    self.replies.put(message)
        self.replies.put(None)  # end of output: the worker exited or was killed

    def handshake(self, timeout: float = STARTUP_TIMEOUT) -> tuple[str, tuple[VoiceInfo, ...]]:
        """The engine name and voices once the worker is ready; SpeechError when it is not."""
        try:
            message = self.replies.get(timeout=timeout)
        except queue.Empty:
            self.kill()
            raise SpeechError(f"the speech engine did not start within {timeout:g} s") from None
        if message is None or message.get("type") != "ready":
            self.kill()
            error = (message or {}).get("error") or "the speech worker exited before it was ready"
            raise SpeechError(str(error))
        voices = tuple(VoiceInfo.from_record(v) for v in message.get("voices") or ())
        return str(message.get("engine") or "unknown"), voices

    def send(self, request: dict[str, Any]) -> None:
        assert self.proc.stdin is not None
        try:
            self.proc.stdin.write((json.dumps(request) + "\n").encode("utf-8"))
            self.proc.stdin.flush()
        except (OSError, ValueError):
            raise SpeechError("the speech engine stopped unexpectedly") from None

    def alive(self) -> bool:
        return self.proc.poll() is None

    def kill(self) -> None:
        """End the worker now, whatever it is doing (synthesis is not interruptible otherwise)."""
        with contextlib.suppress(OSError):
            self.proc.kill()
        with contextlib.suppress(OSError, ValueError):
            if self.proc.stdin is not None:
                self.proc.stdin.close()
        with contextlib.suppress(subprocess.TimeoutExpired):
            self.proc.wait(timeout=0.5)

    def close(self) -> None:
        """Let the worker finish by closing its input; kill it if it lingers."""
        with contextlib.suppress(OSError, ValueError):
            if self.proc.stdin is not None:
                self.proc.stdin.close()
        try:
            self.proc.wait(timeout=0.5)
        except subprocess.TimeoutExpired:
            self.kill()


def _start_worker(command: Sequence[str] | None) -> _Worker:
    return _Worker(command or WORKER_COMMAND)


def _fallback(reason: str) -> str:
    return f"Voice is off: {reason}; {_TEXT_ONLY}."


def _probe(
    worker_command: Sequence[str] | None,
) -> tuple[SpeechStatus, _Worker | None, Player | None]:
    """Check engine, player and audio device; the worker is returned running when usable."""
    engine: str | None = None
    voices: tuple[VoiceInfo, ...] = ()
    reasons: list[str] = []
    worker: _Worker | None = None
    try:
        worker = _start_worker(worker_command)  # loads while the audio device is checked
    except SpeechError as exc:
        reasons.append(str(exc))
    player = find_player()
    audio_device = False
    if player is None:
        reasons.append(
            "no audio player found (install pulseaudio-utils or alsa-utils for paplay/aplay)"
        )
    else:
        problem = check_audio_output(player)
        audio_device = problem is None
        if problem:
            reasons.append(problem)
    if worker is not None:
        try:
            engine, voices = worker.handshake()
        except SpeechError as exc:
            worker = None
            reasons.insert(0, str(exc))
    status = SpeechStatus(
        engine=engine,
        voices=voices,
        player=player.name if player else None,
        audio_device=audio_device,
        reason=reasons[0] if reasons else None,
    )
    if status.reason is not None and worker is not None:
        worker.close()
        worker = None
    return status, worker, player


def probe_speech(worker_command: Sequence[str] | None = None) -> SpeechStatus:
    """What speech is available here: engine, voices, player and audio output."""
    status, worker, _player = _probe(worker_command)
    if worker is not None:
        worker.close()
    return status


class _Utterance:
    """One `say` call: its text, voice and a done-callback that runs exactly once."""

    def __init__(self, text: str, voice: VoiceSettings, on_done: OnDone | None) -> None:
        self.text = text
        self.voice = voice
        self.cancelled = threading.Event()
        self._on_done = on_done
        self._done_lock = threading.Lock()

    def finish(self) -> None:
        with self._done_lock:
            on_done, self._on_done = self._on_done, None
        if on_done is not None:
            # A failing callback must not kill the speech thread; it is the caller's bug.
            with contextlib.suppress(Exception):
                on_done()


class _Processes:
    """The live player and worker, shared with a finalizer so a forgotten speaker never
    leaves sound playing after the program exits."""

    def __init__(self) -> None:
        self.player: subprocess.Popen[bytes] | None = None
        self.worker: _Worker | None = None

    def kill_player(self) -> None:
        proc = self.player
        if proc is not None and proc.poll() is None:
            with contextlib.suppress(OSError):
                proc.kill()

    def kill_all(self) -> None:
        self.kill_player()
        worker = self.worker
        if worker is not None:
            worker.kill()


class EngineSpeaker:
    """The real speaker: pyttsx3 in a child process, a player process, one owning thread."""

    def __init__(
        self,
        *,
        worker: _Worker,
        engine: str,
        voices: Sequence[VoiceInfo],
        player: Player,
        settings: Settings | None = None,
        worker_command: Sequence[str] | None = None,
        on_notice: Callable[[str], None] | None = None,
    ) -> None:
        self.engine = engine
        self.installed: tuple[VoiceInfo, ...] = tuple(voices)
        self.player = player
        self._worker_command = tuple(worker_command or WORKER_COMMAND)
        self._on_notice = on_notice
        self._notice: str | None = None
        self._available = True
        self._closed = False
        self._lock = threading.Lock()
        self._wake = threading.Condition(self._lock)
        self._pending: deque[_Utterance] = deque()
        self._current: _Utterance | None = None
        self._ids = itertools.count(1)
        self._procs = _Processes()
        self._procs.worker = worker
        self._tmp = Path(tempfile.mkdtemp(prefix="callback-sim-speech-"))
        self.voices, self.config_problems = self._persona_voices(settings or Settings())
        self._finalizer = weakref.finalize(self, _cleanup, self._procs, self._tmp)
        self._thread = threading.Thread(target=self._run, name="callback-sim-speech", daemon=True)
        self._thread.start()

    def _persona_voices(self, settings: Settings) -> tuple[dict[str, VoiceSettings], list[str]]:
        """Each persona's voice; a configured voice that is not installed falls back to the
        automatic choice and is reported, rather than silently sounding like the default."""
        chosen: dict[str, VoiceSettings] = {}
        problems: list[str] = []
        for persona in PERSONAS:
            voice = voice_for_persona(persona, self.installed, settings, self.engine)
            if voice.voice_id and not is_installed(voice.voice_id, self.installed, self.engine):
                problems.append(
                    f"voices.{persona}.voice_id {voice.voice_id!r} is not installed; "
                    "using an automatic voice (`callback-sim voice test` lists the voices)"
                )
                auto = voice_for_persona(persona, self.installed, None, self.engine)
                voice = replace(voice, voice_id=auto.voice_id)
            chosen[persona] = voice
        return chosen, problems

    # -- public API -------------------------------------------------------------------------

    @property
    def available(self) -> bool:
        return self._available and not self._closed

    @property
    def notice(self) -> str | None:
        """The one-line reason speech stopped working, once it has."""
        return self._notice

    def voice_for(self, persona: str | None) -> VoiceSettings:
        return self.voices.get(persona or "", self.voices[PERSONAS[0]])

    def say(self, text: str, *, persona: str | None = None, on_done: OnDone | None = None) -> None:
        utterance = _Utterance(clip_text(text), self.voice_for(persona), on_done)
        with self._wake:
            if self._closed:
                closed = True
            else:
                closed = False
                self._cancel_locked()
                self._pending.append(utterance)
                self._wake.notify()
        if closed:
            _call_in_background(on_done)

    def stop(self) -> None:
        with self._lock:
            self._cancel_locked()

    def close(self) -> None:
        with self._wake:
            if self._closed:
                return
            self._closed = True
            self._cancel_locked()
            self._wake.notify()
        self._procs.kill_all()
        self._thread.join(timeout=0.8)
        self._finalizer()

    # -- the speech thread --------------------------------------------------------------------

    def _cancel_locked(self) -> None:
        for utterance in self._pending:
            utterance.cancelled.set()
        if self._current is not None:
            self._current.cancelled.set()
        self._procs.kill_player()

    def _run(self) -> None:
        while True:
            with self._wake:
                while not self._pending and not self._closed:
                    self._wake.wait()
                if not self._pending:
                    return  # closed with nothing left to report
                utterance = self._current = self._pending.popleft()
            try:
                if not utterance.cancelled.is_set() and self._available and not self._closed:
                    self._speak(utterance)
            except Exception as exc:  # a bug or OS failure must become a notice, not a crash
                self._fail(f"speech stopped working ({exc})")
            finally:
                with self._lock:
                    self._current = None
                utterance.finish()

    def _stopped(self, utterance: _Utterance) -> bool:
        return utterance.cancelled.is_set() or self._closed

    def _worker(self) -> _Worker | None:
        worker = self._procs.worker
        if worker is not None and worker.alive():
            return worker
        try:
            worker = _start_worker(self._worker_command)
            self._procs.worker = worker
            worker.handshake()
        except SpeechError as exc:
            self._procs.worker = None
            self._fail(str(exc))
            return None
        return worker

    def _drop_worker(self) -> None:
        worker, self._procs.worker = self._procs.worker, None
        if worker is not None:
            worker.kill()

    def _speak(self, utterance: _Utterance) -> None:
        worker = self._worker()
        if worker is None:
            return
        request_id = next(self._ids)
        wav = self._tmp / f"utterance-{request_id}.wav"
        voice = utterance.voice
        worker.send(
            {
                "id": request_id,
                "op": "render",
                "text": utterance.text,
                "out": str(wav),
                "voice_id": voice.voice_id,
                "rate": voice.rate,
                "volume": voice.volume,
            }
        )
        try:
            reply = self._await_reply(worker, request_id, utterance)
            if reply is None:
                return
            if not reply.get("ok"):
                self._fail(f"the speech engine could not read a question ({reply.get('error')})")
                return
            self._play(wav, utterance)
        finally:
            wav.unlink(missing_ok=True)

    def _await_reply(
        self, worker: _Worker, request_id: int, utterance: _Utterance
    ) -> dict[str, Any] | None:
        while True:
            if self._stopped(utterance):
                # Synthesis cannot be interrupted inside pyttsx3: kill it, restart next time.
                self._drop_worker()
                return None
            try:
                reply = worker.replies.get(timeout=_POLL)
            except queue.Empty:
                continue
            if reply is None:
                self._drop_worker()
                if not self._stopped(utterance):
                    self._fail("the speech engine stopped unexpectedly")
                return None
            if reply.get("id") == request_id:
                return reply

    def _play(self, wav: Path, utterance: _Utterance) -> None:
        with self._lock:
            if self._stopped(utterance):
                return
            try:
                proc = self.player.start(wav)
            except OSError as exc:
                self._fail_locked(f"{self.player.name} could not start ({exc.strerror or exc})")
                return
            self._procs.player = proc
        while True:
            try:
                proc.wait(timeout=_POLL)
                break
            except subprocess.TimeoutExpired:
                if self._stopped(utterance):
                    self._procs.kill_player()
        with self._lock:
            self._procs.player = None
        if proc.returncode != 0 and not self._stopped(utterance):
            self._fail(f"{self.player.name} could not play audio (exit {proc.returncode})")

    def _fail(self, reason: str) -> None:
        with self._lock:
            self._fail_locked(reason)

    def _fail_locked(self, reason: str) -> None:
        if self._closed or not self._available:
            return
        self._available = False
        self._notice = _fallback(reason)
        if self._on_notice is not None:
            notice = self._notice
            name = "callback-sim-speech-notice"
            threading.Thread(target=self._on_notice, args=(notice,), name=name, daemon=True).start()


def _cleanup(procs: _Processes, tmp: Path) -> None:
    procs.kill_all()
    shutil.rmtree(tmp, ignore_errors=True)


def make_speaker(
    settings: Settings,
    *,
    on_notice: Callable[[str], None] | None = None,
    worker_command: Sequence[str] | None = None,
) -> tuple[Speaker, str | None]:
    """The speaker for these settings and a one-line notice to show the user, if any.

    Voice off gives a NullSpeaker and no notice; no engine, player or audio device gives a
    NullSpeaker and the reason. Takes 0.1-0.5 s (it starts the engine and tries the audio
    device), so a TUI calls it from a thread worker.
    """
    if not settings.voice:
        return NullSpeaker(), None
    status, worker, player = _probe(worker_command)
    if worker is None or player is None or status.engine is None:
        return NullSpeaker(), status.notice or _fallback("speech is not available")
    speaker = EngineSpeaker(
        worker=worker,
        engine=status.engine,
        voices=status.voices,
        player=player,
        settings=settings,
        worker_command=worker_command,
        on_notice=on_notice,
    )
    notice = f"Voice: {speaker.config_problems[0]}." if speaker.config_problems else None
    return speaker, notice


def wav_duration(path: Path) -> float:
    """Seconds of audio in a WAV file; SpeechError when it is not a readable WAV."""
    try:
        with wave.open(str(path), "rb") as wav:
            return wav.getnframes() / float(wav.getframerate() or 1)
    except (OSError, EOFError, wave.Error) as exc:
        raise SpeechError(f"{path}: not a readable WAV file ({exc})") from None


def render_wav(
    text: str,
    out: Path,
    *,
    voice: VoiceSettings | None = None,
    persona: str | None = None,
    settings: Settings | None = None,
    rate: int | None = None,
    worker_command: Sequence[str] | None = None,
    timeout: float = 60.0,
    force: bool = False,
) -> Path:
    """Render `text` as speech into the WAV file `out` (no audio device needed).

    The voice is `voice` if given, else `persona`'s voice under `settings`; `rate`
    overrides the words per minute. An existing `out` is refused unless `force`; a new one
    is private (0600). Raises a one-line CallbackSimError on any failure.
    """
    text = " ".join(text.split())
    if not text:
        raise SpeechError("nothing to say: the text is empty")
    if len(text) > MAX_TEXT:
        raise SpeechError(
            f"the text is too long to read aloud ({len(text)} characters; at most {MAX_TEXT})"
        )
    out = Path(out)
    if out.is_dir():
        raise SpeechError(f"{out}: is a directory; give a file name such as question.wav")
    from callback_sim.outfiles import check_output, write_new_file

    check_output(out, force=force)
    worker = _start_worker(worker_command)
    try:
        engine, voices = worker.handshake()
        chosen = voice or voice_for_persona(persona, voices, settings, engine)
        if rate is not None:
            chosen = replace(chosen, rate=rate)
        with tempfile.TemporaryDirectory(prefix="callback-sim-render-") as tmp:
            rendered = Path(tmp) / "speech.wav"
            worker.send(
                {
                    "id": 1,
                    "op": "render",
                    "text": text,
                    "out": str(rendered),
                    "voice_id": chosen.voice_id,
                    "rate": chosen.rate,
                    "volume": chosen.volume,
                }
            )
            try:
                reply = worker.replies.get(timeout=timeout)
            except queue.Empty:
                raise SpeechError(f"the speech engine took longer than {timeout:g} s") from None
            if reply is None:
                raise SpeechError("the speech engine stopped unexpectedly")
            if not reply.get("ok"):
                raise SpeechError(f"could not render speech: {reply.get('error')}")
            if wav_duration(rendered) <= 0:
                raise SpeechError("the speech engine produced no audio")
            write_new_file(out, rendered.read_bytes(), force=force)
    finally:
        worker.close()
    return out
