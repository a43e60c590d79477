"""Speech: voice choice per persona, the silent and real speakers, rendering to WAV.

Tests marked `speech` use the real pyttsx3 + espeak-ng engine (CI installs it). Players
are real processes; where the machine has no sound device, a stand-in player process
that "plays" for the WAV's duration lets stop/close be measured against real playback.
"""

from __future__ import annotations

import array
import ctypes
import json
import math
import subprocess
import sys
import textwrap
import threading
import time
import wave
from collections.abc import Callable
from pathlib import Path

import pytest

from callback_sim.config import Settings, VoiceSettings
from callback_sim.core.models import PERSONAS
from callback_sim.speech import (
    EngineSpeaker,
    NullSpeaker,
    Speaker,
    SpeechError,
    VoiceInfo,
    make_speaker,
    persona_voices,
    probe_speech,
    render_wav,
    voice_for_persona,
)
from callback_sim.speech.player import Player
from callback_sim.speech.speaker import MAX_TEXT, _start_worker, clip_text

QUESTION = "Tell me about a time you disagreed with your manager."
#: About 3,800 characters: long enough that synthesis and playback are still running
#: when stop/close is called, short enough to stay inside the engine's safe length.
LONG_TEXT = "Tell me about a time you disagreed with your manager and what you did next. " * 50

#: A player that holds the WAV for its duration without a sound device: real process, real
#: file, killable like paplay/aplay.
SLEEP_PLAYER = Player(
    "sleep-player",
    (
        sys.executable,
        "-c",
        "import sys, time, wave; w = wave.open(sys.argv[1]); "
        "time.sleep(w.getnframes() / w.getframerate())",
    ),
)
FAILING_PLAYER = Player("failing-player", (sys.executable, "-c", "import sys; sys.exit(1)"))
#: The real worker, with pyttsx3 made unimportable: what a machine without pyttsx3 sees.
NO_PYTTSX3 = (
    sys.executable,
    "-c",
    "import runpy, sys; sys.modules['pyttsx3'] = None; "
    "runpy.run_module('callback_sim.speech.worker', run_name='__main__')",
)


def _espeak_ng_installed() -> bool:
    if not sys.platform.startswith("linux"):
        return True  # nsss/sapi5 are part of the OS
    try:
        ctypes.CDLL("libespeak-ng.so.1")
    except OSError:
        return False
    return True


needs_engine = pytest.mark.skipif(
    not _espeak_ng_installed(),
    reason="espeak-ng is not installed (sudo apt install libespeak-ng1 espeak-ng)",
)
speech = [pytest.mark.speech, needs_engine]

ESPEAK_VOICES = tuple(
    VoiceInfo(id=vid, name=name, languages=(lang,), gender="male")
    for vid, name, lang in [
        ("gmw/af", "Afrikaans", "af"),
        ("gmw/en", "English (Great Britain)", "en-gb"),
        ("gmw/en-us", "English (America)", "en-us"),
        ("gmw/en-029", "English (Caribbean)", "en-029"),
        ("gmw/en-gb-scotland", "English (Scotland)", "en-gb-scotland"),
        ("gmw/en-gb-x-rp", "English (Received Pronunciation)", "en-gb-x-rp"),
        ("roa/fr", "French", "fr-fr"),
    ]
)


def wav_stats(path: Path) -> tuple[float, float, int]:
    """(seconds, RMS, peak) of a 16-bit mono WAV."""
    with wave.open(str(path), "rb") as wav:
        assert wav.getsampwidth() == 2
        assert wav.getnchannels() == 1
        seconds = wav.getnframes() / wav.getframerate()
        samples = array.array("h", wav.readframes(wav.getnframes()))
    rms = math.sqrt(sum(s * s for s in samples) / max(1, len(samples)))
    return seconds, rms, max((abs(s) for s in samples), default=0)


def real_speaker(
    player: Player,
    *,
    settings: Settings | None = None,
    on_notice: Callable[[str], None] | None = None,
) -> EngineSpeaker:
    """An EngineSpeaker on the real engine with the given player (bypassing the device check)."""
    worker = _start_worker(None)
    engine, voices = worker.handshake()
    return EngineSpeaker(
        worker=worker,
        engine=engine,
        voices=voices,
        player=player,
        settings=settings,
        on_notice=on_notice,
    )


# -- voice choice ------------------------------------------------------------------------------


def test_persona_voices_are_distinct_and_deterministic() -> None:
    first = persona_voices(ESPEAK_VOICES, Settings(), "espeak")
    second = persona_voices(tuple(reversed(ESPEAK_VOICES)), Settings(), "espeak")
    assert first == second
    assert list(first) == list(PERSONAS)
    assert len({v.voice_id for v in first.values()}) == len(PERSONAS)
    assert len({v.rate for v in first.values()}) == len(PERSONAS)
    # Only English voices are handed out, never the French or Afrikaans ones.
    assert all(v.voice_id and v.voice_id.startswith("gmw/en") for v in first.values())


def test_one_installed_voice_still_gives_distinct_rates() -> None:
    only = (VoiceInfo(id="com.example.alex", name="Alex", languages=("en_US",)),)
    chosen = persona_voices(only, Settings(), "nsss")
    assert {v.voice_id for v in chosen.values()} == {"com.example.alex"}
    assert len({v.rate for v in chosen.values()}) == len(PERSONAS)


def test_non_espeak_engine_prefers_english_voices_in_id_order() -> None:
    installed = (
        VoiceInfo(id="v3", name="Hans", languages=("de_DE",)),
        VoiceInfo(id="v2", name="Zira", languages=("en_US",)),
        VoiceInfo(id="v1", name="David", languages=("en_GB",)),
    )
    chosen = persona_voices(installed, Settings(), "sapi5")
    assert [v.voice_id for v in chosen.values()] == ["v1", "v2", "v1", "v2", "v1"]


def test_configured_voice_wins_and_configured_rate_is_kept() -> None:
    settings = Settings(
        voices={
            "peer": VoiceSettings(voice_id="gmw/en-029", rate=140, volume=0.5),
            "recruiter": VoiceSettings(rate=210),
        }
    )
    assert voice_for_persona("peer", ESPEAK_VOICES, settings, "espeak") == VoiceSettings(
        "gmw/en-029", 140, 0.5
    )
    recruiter = voice_for_persona("recruiter", ESPEAK_VOICES, settings, "espeak")
    assert recruiter.rate == 210
    assert (
        recruiter.voice_id
        == persona_voices(ESPEAK_VOICES, Settings(), "espeak")["recruiter"].voice_id
    )


def test_question_without_persona_uses_the_hiring_manager_voice() -> None:
    assert voice_for_persona(None, ESPEAK_VOICES, None, "espeak") == voice_for_persona(
        "hiring_manager", ESPEAK_VOICES, None, "espeak"
    )


def test_no_voices_installed_means_engine_default() -> None:
    assert voice_for_persona("peer", (), None, "espeak").voice_id is None


@pytest.mark.parametrize(
    ("voice", "english"),
    [
        (VoiceInfo("a", "English (America)", ("en-us",)), True),
        (VoiceInfo("b", "Alex", ("en_US",)), True),
        (VoiceInfo("c", "Chinese (Mandarin, latin as English)", ("cmn",)), False),
        (VoiceInfo("d", "Microsoft Zira Desktop - English (United States)"), True),
        (VoiceInfo("e", "Deutsch", ("de",)), False),
    ],
)
def test_is_english(voice: VoiceInfo, english: bool) -> None:
    assert voice.is_english is english


def test_clip_text_cuts_long_text_at_a_sentence_end() -> None:
    text = "First sentence here. " * 400
    clipped = clip_text(text)
    assert len(clipped) <= MAX_TEXT
    assert clipped.endswith(".")
    assert clip_text("  short   text ") == "short text"


# -- NullSpeaker ---------------------------------------------------------------------------------


def test_null_speaker_is_silent_and_calls_on_done_from_another_thread() -> None:
    speaker = NullSpeaker()
    assert isinstance(speaker, Speaker)
    assert speaker.available is False
    threads: list[int] = []
    done = threading.Event()

    def on_done() -> None:
        threads.append(threading.get_ident())
        done.set()

    speaker.say(QUESTION, persona="peer", on_done=on_done)
    assert done.wait(2)
    assert threads and threads[0] != threading.get_ident()
    speaker.stop()
    speaker.close()


def test_voice_off_gives_null_speaker_without_notice() -> None:
    speaker, notice = make_speaker(Settings(voice=False))
    assert isinstance(speaker, NullSpeaker)
    assert notice is None


# -- engine missing ------------------------------------------------------------------------------


def test_missing_pyttsx3_gives_null_speaker_and_one_line_notice() -> None:
    speaker, notice = make_speaker(Settings(voice=True), worker_command=NO_PYTTSX3)
    assert isinstance(speaker, NullSpeaker)
    assert notice is not None
    assert "\n" not in notice
    assert "pyttsx3" in notice
    assert "text only" in notice


def test_bad_python_path_gives_null_speaker_and_notice() -> None:
    speaker, notice = make_speaker(
        Settings(voice=True), worker_command=("/nonexistent/bin/python", "-m", "x")
    )
    assert isinstance(speaker, NullSpeaker)
    assert notice is not None and "could not start" in notice and "\n" not in notice


def test_probe_without_engine_reports_none() -> None:
    status = probe_speech(worker_command=NO_PYTTSX3)
    assert status.engine is None
    assert status.voices == ()
    assert status.reason is not None and "pyttsx3" in status.reason
    assert not status.usable


def test_render_without_engine_raises_one_line(tmp_path: Path) -> None:
    with pytest.raises(SpeechError) as err:
        render_wav(QUESTION, tmp_path / "q.wav", worker_command=NO_PYTTSX3)
    assert "pyttsx3" in str(err.value) and "\n" not in str(err.value)
    assert not (tmp_path / "q.wav").exists()


def test_render_rejects_empty_and_overlong_text(tmp_path: Path) -> None:
    with pytest.raises(SpeechError, match="empty"):
        render_wav("   ", tmp_path / "q.wav")
    with pytest.raises(SpeechError, match="too long"):
        render_wav("word " * MAX_TEXT, tmp_path / "q.wav")


# -- the real engine -----------------------------------------------------------------------------


@pytest.mark.speech
@needs_engine
def test_real_engine_renders_a_question_to_a_non_silent_wav(tmp_path: Path) -> None:
    out = render_wav(QUESTION, tmp_path / "q.wav", persona="hiring_manager")
    seconds, rms, peak = wav_stats(out)
    assert 1.0 < seconds < 15.0
    assert rms > 500  # silence is 0; espeak-ng speech measures in the thousands
    assert peak > 5000


@pytest.mark.speech
@needs_engine
def test_personas_sound_different(tmp_path: Path) -> None:
    rendered = {
        persona: render_wav(QUESTION, tmp_path / f"{persona}.wav", persona=persona).read_bytes()
        for persona in ("hiring_manager", "peer", "skip_level")
    }
    assert len(set(rendered.values())) == 3


@pytest.mark.speech
@needs_engine
def test_rate_changes_duration(tmp_path: Path) -> None:
    slow, _, _ = wav_stats(render_wav(QUESTION, tmp_path / "slow.wav", rate=100))
    fast, _, _ = wav_stats(render_wav(QUESTION, tmp_path / "fast.wav", rate=300))
    assert slow > fast * 1.8


@pytest.mark.speech
@needs_engine
def test_unknown_voice_id_is_a_one_line_error(tmp_path: Path) -> None:
    with pytest.raises(SpeechError, match="not installed"):
        render_wav(QUESTION, tmp_path / "q.wav", voice=VoiceSettings(voice_id="no/such-voice"))


@pytest.mark.speech
@needs_engine
def test_worker_replies_are_not_mixed_with_engine_output(tmp_path: Path) -> None:
    # pyttsx3's espeak driver prints "Audio saved to ..." for every file; it must not reach
    # the reply channel (or the terminal).
    out = tmp_path / "w.wav"
    request = {"id": 7, "op": "render", "text": QUESTION, "out": str(out), "rate": 175}
    proc = subprocess.run(
        [sys.executable, "-m", "callback_sim.speech.worker"],
        input=json.dumps(request) + "\n",
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    lines = proc.stdout.splitlines()
    assert json.loads(lines[0])["type"] == "ready"
    assert json.loads(lines[1]) == {"id": 7, "ok": True, "out": str(out)}
    assert len(lines) == 2
    assert proc.stderr == ""
    assert out.stat().st_size > 10_000


@pytest.mark.speech
@needs_engine
def test_speaker_plays_then_reports_done() -> None:
    speaker = real_speaker(SLEEP_PLAYER)
    done = threading.Event()
    started = time.monotonic()
    speaker.say(QUESTION, persona="peer", on_done=done.set)
    assert time.monotonic() - started < 0.1  # say() never waits on synthesis or playback
    assert done.wait(20)
    # on_done came after the (stand-in) playback of a ~3 s question, not at once
    assert time.monotonic() - started > 1.0
    assert speaker.available
    speaker.close()


@pytest.mark.speech
@needs_engine
def test_stop_during_playback_returns_at_once_and_reports_done() -> None:
    speaker = real_speaker(SLEEP_PLAYER)
    done = threading.Event()
    speaker.say(LONG_TEXT, on_done=done.set)
    deadline = time.monotonic() + 20
    while speaker._procs.player is None and time.monotonic() < deadline:
        time.sleep(0.01)
    assert speaker._procs.player is not None, "playback never started"
    player = speaker._procs.player
    started = time.monotonic()
    speaker.stop()
    assert done.wait(1.5)
    assert time.monotonic() - started < 1.5
    assert player.wait(timeout=1) != 0  # killed, not left to finish
    assert speaker.available  # stopping is not a failure
    speaker.close()


@pytest.mark.speech
@needs_engine
def test_close_during_synthesis_returns_within_a_second() -> None:
    speaker = real_speaker(SLEEP_PLAYER)
    done = threading.Event()
    speaker.say(LONG_TEXT, on_done=done.set)
    time.sleep(0.05)  # the worker is synthesizing ~4,000 characters now
    worker = speaker._procs.worker
    started = time.monotonic()
    speaker.close()
    assert time.monotonic() - started < 1.5
    assert done.wait(1.5)
    assert worker is not None and worker.proc.poll() is not None
    assert not speaker.available
    # after close, say() still keeps its promise to call on_done
    again = threading.Event()
    speaker.say(QUESTION, on_done=again.set)
    assert again.wait(1)


@pytest.mark.speech
@needs_engine
def test_new_question_replaces_the_one_being_read() -> None:
    speaker = real_speaker(SLEEP_PLAYER)
    first, second = threading.Event(), threading.Event()
    speaker.say(LONG_TEXT, on_done=first.set)
    time.sleep(0.2)
    speaker.say("Short one.", on_done=second.set)
    assert first.wait(1.5)
    assert second.wait(10)
    speaker.close()


@pytest.mark.speech
@needs_engine
def test_player_failure_turns_speech_off_with_one_notice() -> None:
    notices: list[str] = []
    speaker = real_speaker(FAILING_PLAYER, on_notice=notices.append)
    for _ in range(2):
        done = threading.Event()
        speaker.say(QUESTION, on_done=done.set)
        assert done.wait(10)
    time.sleep(0.1)  # the notice is delivered from a background thread
    assert not speaker.available
    assert len(notices) == 1
    assert "failing-player could not play audio" in notices[0]
    assert speaker.notice == notices[0]
    speaker.close()


@pytest.mark.speech
@needs_engine
def test_configured_voice_that_is_not_installed_falls_back_with_a_problem() -> None:
    settings = Settings(voice=True, voices={"peer": VoiceSettings(voice_id="xx/none", rate=150)})
    speaker = real_speaker(SLEEP_PLAYER, settings=settings)
    assert speaker.config_problems and "voices.peer.voice_id" in speaker.config_problems[0]
    peer = speaker.voice_for("peer")
    assert peer.voice_id and peer.voice_id != "xx/none"
    assert peer.rate == 150
    speaker.close()


SILENT_SCRIPT = textwrap.dedent(
    """
    import json, sys, threading
    from callback_sim.speech.player import Player, find_player
    from callback_sim.speech.speaker import EngineSpeaker, _start_worker

    worker = _start_worker(None)
    engine, voices = worker.handshake()
    # The machine's real player: on a box without a sound device it fails with ALSA errors
    # written to its stderr, which is exactly what must not reach the terminal.
    player = find_player() or Player("missing", ("/nonexistent/player",))
    notices = []
    speaker = EngineSpeaker(
        worker=worker, engine=engine, voices=voices, player=player, on_notice=notices.append
    )
    done = threading.Event()
    speaker.say(sys.argv[2], persona="recruiter", on_done=done.set)
    finished = done.wait(30)
    speaker.close()
    with open(sys.argv[1], "w") as fh:
        json.dump({"finished": finished, "engine": engine}, fh)
    """
)


@pytest.mark.speech
@needs_engine
def test_real_speaker_writes_nothing_to_stdout_or_stderr(tmp_path: Path) -> None:
    result = tmp_path / "result.json"
    proc = subprocess.run(
        [sys.executable, "-c", SILENT_SCRIPT, str(result), QUESTION],
        capture_output=True,
        timeout=60,
    )
    assert proc.returncode == 0
    assert proc.stdout == b""
    assert proc.stderr == b""
    outcome = json.loads(result.read_text())
    assert outcome["finished"] is True
    assert outcome["engine"]


_BUSY_RENDER_SCRIPT = textwrap.dedent(
    """
    import json, sys, wave
    from pyttsx3.drivers import _espeak
    from callback_sim.speech.worker import _Renderer

    text = sys.argv[1]
    renderer = _Renderer()
    frames = {}
    for busy, rate in ((False, 300), (True, 100), (True, 300)):
        if busy:
            # espeak-ng is still busy with earlier work (as under load, or after an
            # utterance that never finished) when the next render asks for another rate.
            _espeak.Synth((text + " ").encode() * 40, flags=_espeak.CHARS_UTF8)
        out = f"{sys.argv[2]}/r{rate}.wav"
        renderer.render(text, out, "gmw/en-us+m3", rate, 1.0)
        with wave.open(out) as wav:
            frames[f"{rate}{'-busy' if busy else ''}"] = wav.getnframes()
    sys.__stdout__.write(json.dumps(frames))
    """
)


@pytest.mark.speech
@needs_engine
def test_render_keeps_the_rate_while_espeak_is_still_busy(tmp_path: Path) -> None:
    """The cause of the flaky `voice say --rate` test: a busy espeak-ng dropped the new rate."""
    proc = subprocess.run(
        [sys.executable, "-c", _BUSY_RENDER_SCRIPT, QUESTION, str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    frames = json.loads(proc.stdout.strip().splitlines()[-1])
    assert frames["100-busy"] > 2.5 * frames["300"]
    assert abs(frames["300-busy"] - frames["300"]) < 0.05 * frames["300"]
