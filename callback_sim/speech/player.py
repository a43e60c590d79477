"""Playing a WAV file with an external player process that can be killed to stop it.

A separate process keeps audio libraries' error output (ALSA writes straight to fd 2)
away from the terminal: its stdin, stdout and stderr are the null device, it runs in a
new session (no controlling terminal, no Ctrl+C from the TUI's terminal), and killing it
stops the sound at once, which pyttsx3's own `stop()` does not do.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
import time
import wave
from dataclasses import dataclass
from pathlib import Path

#: Candidate players in order of preference: (display name, executable, arguments before
#: the file). PulseAudio/PipeWire first so the desktop's mixer and device choice are used.
_CANDIDATES: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("paplay", "paplay", ()),
    ("aplay", "aplay", ("-q",)),
    ("afplay", "afplay", ()),
    ("pw-play", "pw-play", ()),
    ("ffplay", "ffplay", ("-nodisp", "-autoexit", "-loglevel", "quiet")),
)

#: Windows has no command-line player; a child Python using the standard `winsound`
#: module plays synchronously and can be killed like any other player.
_WINSOUND = "import sys, winsound; winsound.PlaySound(sys.argv[1], winsound.SND_FILENAME)"


@dataclass(frozen=True)
class Player:
    """A way to play one WAV file: `command + [path]`."""

    name: str
    command: tuple[str, ...]

    def start(self, wav: Path) -> subprocess.Popen[bytes]:
        """Start playing `wav`; the process is silent and detached from the terminal."""
        return subprocess.Popen(
            [*self.command, str(wav)],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )


def find_player() -> Player | None:
    """The first audio player installed on this machine, or None."""
    for name, exe, args in _CANDIDATES:
        path = shutil.which(exe)
        if path:
            return Player(name, (path, *args))
    if sys.platform == "win32":
        return Player("winsound", (sys.executable, "-c", _WINSOUND))
    return None


def write_silence(path: Path, seconds: float = 0.1, rate: int = 22050) -> Path:
    """A short silent mono 16-bit WAV, used to check that the player can open a device."""
    with wave.open(str(path), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(rate)
        out.writeframes(b"\x00\x00" * int(seconds * rate))
    return path


def check_audio_output(player: Player, timeout: float = 3.0) -> str | None:
    """Play 0.1 s of silence; None when that works, else a one-line reason.

    Listing devices is not enough (`aplay -l` exits 0 with no cards, and a sound server
    may be down), so this asks the player itself: it exits non-zero at once without a device.
    """
    with tempfile.TemporaryDirectory(prefix="callback-sim-audio-") as tmp:
        wav = write_silence(Path(tmp) / "silence.wav")
        try:
            proc = player.start(wav)
        except OSError as exc:
            return f"{player.name} could not start ({exc.strerror or exc})"
        deadline = time.monotonic() + timeout
        while proc.poll() is None and time.monotonic() < deadline:
            time.sleep(0.01)
        if proc.poll() is None:
            # Still playing 0.1 s of silence after the timeout: a device is open but slow; use it.
            proc.kill()
            proc.wait()
            return None
        if proc.returncode != 0:
            return f"{player.name} found no audio output device (exit {proc.returncode})"
    return None
