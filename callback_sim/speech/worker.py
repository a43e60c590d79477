"""The speech child process: one pyttsx3 engine, rendering text to WAV files on request.

Run as `python -m callback_sim.speech.worker`. pyttsx3 and the libraries under it
(libespeak-ng, ALSA) write to file descriptors 1 and 2 directly, and pyttsx3's espeak
driver prints "Audio saved to ..." after every file; so the first thing this process
does is keep a private copy of stdout for its replies and point fds 1 and 2 at the null
device. Nothing it loads can then reach the user's terminal or corrupt the replies.

Protocol (JSON, one object per line): the worker first sends
`{"type": "ready", "engine": NAME, "voices": [{"id", "name", "languages", "gender"}]}`
or `{"type": "error", "error": MESSAGE}` (then exits 1). Each request
`{"id": N, "op": "render", "text", "out", "voice_id", "rate", "volume"}` gets
`{"id": N, "ok": true, "out": PATH}` or `{"id": N, "ok": false, "error": MESSAGE}`.
End of input ends the worker. It never plays audio: playing is the parent's job.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import IO, Any

#: Speech rates the engines accept (words per minute); requests are clamped into it.
MIN_RATE = 80
MAX_RATE = 400
#: How long espeak-ng may take to apply queued settings before the engine counts as stuck.
ESPEAK_SETTLE_SECONDS = 10.0


def _silence_std_fds() -> IO[str]:
    """Return a private writer on the original stdout and send fds 1 and 2 to the null device."""
    reply_fd = os.dup(1)
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, 1)
    os.dup2(devnull, 2)
    os.close(devnull)
    sys.stdout = open(os.devnull, "w", encoding="utf-8")  # noqa: SIM115 - lives as long as the process
    sys.stderr = sys.stdout
    return os.fdopen(reply_fd, "w", encoding="utf-8", buffering=1)


def _send(out: IO[str], message: dict[str, Any]) -> None:
    out.write(json.dumps(message) + "\n")
    out.flush()


def _engine_missing_message(exc: BaseException) -> str:
    if isinstance(exc, ImportError):
        return "the pyttsx3 package is not installed (pip install pyttsx3)"
    if sys.platform.startswith("linux"):
        return (
            f"the espeak-ng speech engine could not start ({exc}); "
            "install it with: sudo apt install libespeak-ng1 espeak-ng"
        )
    return f"the speech engine could not start ({exc})"


def _voice_record(voice: Any) -> dict[str, Any]:
    languages = [
        lang.decode("utf-8", "replace") if isinstance(lang, bytes) else str(lang)
        for lang in (getattr(voice, "languages", None) or [])
    ]
    gender = getattr(voice, "gender", None)
    return {
        "id": str(voice.id),
        "name": str(getattr(voice, "name", None) or voice.id),
        "languages": languages,
        "gender": str(gender).lower() if gender else None,
    }


class EngineStuck(RuntimeError):
    """Synthesis never finished; the engine's state is unknown, so the worker exits."""


class _Renderer:
    """One pyttsx3 engine, used only from this process's main thread."""

    def __init__(self) -> None:
        import pyttsx3

        self.engine = pyttsx3.init()
        self.name = str(self.engine.driver_name)
        self.voices = [_voice_record(v) for v in self.engine.getProperty("voices") or []]
        self._ids = {v["id"] for v in self.voices}
        self._errors: list[BaseException] = []
        self._finished = threading.Event()
        # pyttsx3 swallows exceptions raised while it pumps its queue and only reports them
        # through the "error" topic; collect them so a failed render is not reported as success.
        self.engine.connect("error", self._on_error)
        self.engine.connect("finished-utterance", self._on_finished)

    def _on_error(self, name: Any = None, exception: BaseException | None = None) -> None:
        self._errors.append(exception or RuntimeError("speech engine error"))

    def _on_finished(self, name: Any = None, completed: bool = True) -> None:
        self._finished.set()

    def _known(self, voice_id: str) -> bool:
        # espeak-ng voices take a variant after "+" ("gmw/en-us+f3"); the base must be installed.
        base = voice_id.split("+", 1)[0] if self.name == "espeak" else voice_id
        return voice_id in self._ids or base in self._ids

    def render(self, text: str, out: str, voice_id: str | None, rate: int, volume: float) -> None:
        """Write `text` as speech to the WAV file `out`; raises ValueError/RuntimeError."""
        if voice_id and not self._known(voice_id):
            raise ValueError(
                f"voice {voice_id!r} is not installed; `callback-sim voice test` lists the voices"
            )
        self._errors.clear()
        engine = self.engine
        rate = max(MIN_RATE, min(MAX_RATE, int(rate)))
        volume = max(0.0, min(1.0, float(volume)))
        if self.name == "espeak":
            self._espeak_settings(voice_id, rate, volume)
        else:
            if voice_id:
                engine.setProperty("voice", voice_id)
            engine.setProperty("rate", rate)
            engine.setProperty("volume", volume)
        if self.name == "nsss":
            # NSSpeechSynthesizer writes AIFF whatever the extension; convert with afconvert.
            self._render_via_aiff(text, out)
        else:
            self._finished.clear()
            engine.save_to_file(text, out)
            engine.runAndWait()
            if self.name == "espeak":
                self._await_espeak(text)
        if self._errors:
            raise RuntimeError(str(self._errors[0]))
        if not Path(out).is_file() or Path(out).stat().st_size <= 44:
            raise RuntimeError("the speech engine produced no audio")

    def _espeak_settings(self, voice_id: str | None, rate: int, volume: float) -> None:
        """Give espeak-ng the voice, rate and volume so that nothing can undo them.

        espeak-ng runs rate and volume changes as queued commands on its own thread, and
        pyttsx3 stops every run loop with `espeak_Cancel()` whenever that thread is still
        busy — which drops the queued commands and resets the parameters to those of the
        previous utterance. Under load the thread had not yet run the new rate when pyttsx3
        looked, so a render came out at the default speed (the flaky `--rate` test). So:
        finish or cancel whatever is still running, set the values directly, and wait
        until espeak-ng has applied them before pyttsx3's loop starts.
        """
        from pyttsx3.drivers import _espeak
        from pyttsx3.drivers.espeak import EspeakDriver

        if _espeak.IsPlaying():
            _espeak.Cancel()  # a previous utterance that never finished
        self._espeak_idle(_espeak)
        if voice_id:
            EspeakDriver.setProperty("voice", voice_id)
        EspeakDriver.setProperty("rate", rate)
        EspeakDriver.setProperty("volume", volume)
        self._espeak_idle(_espeak)

    @staticmethod
    def _espeak_idle(espeak: Any, timeout: float = ESPEAK_SETTLE_SECONDS) -> None:
        """Wait until espeak-ng's command thread has nothing left to do."""
        deadline = time.monotonic() + timeout
        while espeak.IsPlaying():
            if time.monotonic() > deadline:
                raise EngineStuck(f"the speech engine stayed busy for {timeout:g} s")
            time.sleep(0.002)

    def _await_espeak(self, text: str) -> None:
        """Wait for espeak-ng to finish writing the file.

        pyttsx3 2.99 starts espeak-ng in AUDIO_OUTPUT_RETRIEVAL mode, where synthesis runs
        on espeak's own thread: `runAndWait()` returns before the WAV exists (measured: no
        file, or an empty one, on about half of the calls). The driver announces
        "finished-utterance" from that thread after writing the file.
        """
        # Generous: the driver grows its buffer by concatenation, so long texts are slow.
        timeout = 10.0 + len(text) / 100.0
        if not self._finished.wait(timeout):
            raise EngineStuck(f"the speech engine did not finish within {timeout:.0f} s")

    def _render_via_aiff(self, text: str, out: str) -> None:
        with tempfile.TemporaryDirectory(prefix="callback-sim-aiff-") as tmp:
            aiff = str(Path(tmp) / "speech.aiff")
            self.engine.save_to_file(text, aiff)
            self.engine.runAndWait()
            subprocess.run(
                ["afconvert", "-f", "WAVE", "-d", "LEI16", aiff, out],
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
                check=True,
                timeout=30,
            )


def main() -> int:
    """Serve render requests from stdin until it closes."""
    replies = _silence_std_fds()
    try:
        renderer = _Renderer()
    except Exception as exc:  # any failure to load the engine means "no speech", said once
        _send(replies, {"type": "error", "error": _engine_missing_message(exc)})
        return 1
    _send(replies, {"type": "ready", "engine": renderer.name, "voices": renderer.voices})
    for raw in sys.stdin.buffer:
        try:
            request = json.loads(raw.decode("utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError):
            continue
        if not isinstance(request, dict) or request.get("op") != "render":
            _send(replies, {"id": None, "ok": False, "error": "unknown request"})
            continue
        reply: dict[str, Any] = {"id": request.get("id")}
        try:
            renderer.render(
                str(request["text"]),
                str(request["out"]),
                request.get("voice_id") or None,
                int(request.get("rate", 175)),
                float(request.get("volume", 1.0)),
            )
            reply.update(ok=True, out=request["out"])
        except Exception as exc:  # reported to the parent as one line, never printed
            reply.update(ok=False, error=str(exc) or type(exc).__name__)
            if isinstance(exc, EngineStuck):
                _send(replies, reply)
                return 1  # the parent starts a fresh worker for the next request
        _send(replies, reply)
    return 0


if __name__ == "__main__":
    sys.exit(main())
