"""User settings: `config.toml` in the config directory, read into a frozen dataclass.

Unknown keys and wrong types are errors that name the file and the key, so a typo in
the config never silently does nothing.
"""

from __future__ import annotations

import dataclasses
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from callback_sim.core.errors import CallbackSimError
from callback_sim.core.models import PERSONAS


class ConfigError(CallbackSimError):
    """A config file that cannot be used; the message is one line naming the file."""


@dataclass(frozen=True)
class VoiceSettings:
    """How one interviewer persona sounds."""

    voice_id: str | None = None  # an installed voice id; None picks one per persona
    rate: int = 175  # words per minute
    volume: float = 1.0  # 0.0-1.0


@dataclass(frozen=True)
class Settings:
    """Everything a user can set. Defaults are what a new user gets."""

    #: Multiplies every question's time limit (0.5 = half the time).
    time_multiplier: float = 1.0
    #: At the time limit: "submit" the answer as it stands, or allow "overtime" with a penalty.
    on_timeout: str = "overtime"
    #: Show the score card after "each" answer, or only at the "end" of the round.
    feedback: str = "each"
    #: Questions in a quick round.
    question_count: int = 5
    #: Read questions aloud.
    voice: bool = False
    #: Stop speaking as soon as the candidate starts typing.
    voice_stop_on_typing: bool = True
    #: Start the countdown when the question is "shown", or when speech ends ("speech_end").
    countdown_starts: str = "shown"
    #: Follow-up questions that press on the answer just given (about a third of a round).
    follow_ups: bool = True
    #: Textual theme name.
    theme: str = "textual-dark"
    #: Per-persona voices.
    voices: dict[str, VoiceSettings] = field(default_factory=dict)

    def voice_for(self, persona: str | None) -> VoiceSettings:
        return self.voices.get(persona or "", VoiceSettings())

    def with_changes(self, **changes: Any) -> Settings:
        return dataclasses.replace(self, **changes)

    def to_toml_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for f in dataclasses.fields(self):
            if f.name == "voices":
                continue
            out[f.name] = getattr(self, f.name)
        voices: dict[str, Any] = {}
        for persona, v in self.voices.items():
            entry: dict[str, Any] = {"rate": v.rate, "volume": v.volume}
            if v.voice_id:
                entry["voice_id"] = v.voice_id
            voices[persona] = entry
        if voices:
            out["voices"] = voices
        return out


_CHOICES: dict[str, tuple[str, ...]] = {
    "on_timeout": ("submit", "overtime"),
    "feedback": ("each", "end"),
    "countdown_starts": ("shown", "speech_end"),
}


def _line_of(text: str, key: str) -> int | None:
    for number, line in enumerate(text.splitlines(), start=1):
        stripped = line.strip()
        if stripped.startswith(key) and stripped[len(key) :].lstrip().startswith(("=", ".")):
            return number
        if stripped in (f"[{key}]", f"[voices.{key}]"):
            return number
    return None


def _where(path: Path, text: str, key: str) -> str:
    line = _line_of(text, key)
    return f"{path}:{line}" if line else str(path)


def parse_settings(text: str, path: Path) -> Settings:
    """Settings from TOML text; raises ConfigError naming `path` and the bad key."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: {exc}") from None
    except RecursionError:
        # Imported only here: its patterns take longer to compile than the settings to read.
        from callback_sim.core.tomlpos import too_deep_message

        raise ConfigError(too_deep_message(path)) from None
    defaults = Settings()
    known = {f.name: f for f in dataclasses.fields(Settings)}
    values: dict[str, Any] = {}
    for key, value in data.items():
        if key not in known:
            raise ConfigError(f"{_where(path, text, key)}: unknown setting {key!r}")
        if key == "voices":
            values["voices"] = _parse_voices(value, path, text)
            continue
        expected = type(getattr(defaults, key))
        if expected is float and isinstance(value, int) and not isinstance(value, bool):
            value = float(value)
        if not isinstance(value, expected) or (expected is not bool and isinstance(value, bool)):
            raise ConfigError(
                f"{_where(path, text, key)}: {key} must be a {expected.__name__}, "
                f"not {type(value).__name__}"
            )
        if key in _CHOICES and value not in _CHOICES[key]:
            raise ConfigError(
                f"{_where(path, text, key)}: {key} must be one of {', '.join(_CHOICES[key])}"
            )
        if key == "time_multiplier" and not 0.1 <= value <= 10:
            raise ConfigError(f"{_where(path, text, key)}: time_multiplier must be 0.1 to 10")
        if key == "question_count" and not 1 <= value <= 50:
            raise ConfigError(f"{_where(path, text, key)}: question_count must be 1 to 50")
        values[key] = value
    return Settings(**values)


def _parse_voices(value: Any, path: Path, text: str) -> dict[str, VoiceSettings]:
    if not isinstance(value, dict):
        raise ConfigError(f"{_where(path, text, 'voices')}: voices must be a table")
    out: dict[str, VoiceSettings] = {}
    for persona, entry in value.items():
        if persona not in PERSONAS:
            raise ConfigError(
                f"{_where(path, text, persona)}: unknown persona {persona!r} in voices "
                f"(one of {', '.join(PERSONAS)})"
            )
        if not isinstance(entry, dict):
            raise ConfigError(f"{_where(path, text, persona)}: voices.{persona} must be a table")
        unknown = set(entry) - {"voice_id", "rate", "volume"}
        if unknown:
            raise ConfigError(
                f"{_where(path, text, persona)}: unknown key {sorted(unknown)[0]!r} "
                f"in voices.{persona}"
            )
        try:
            out[persona] = VoiceSettings(
                voice_id=str(entry["voice_id"]) if "voice_id" in entry else None,
                rate=int(entry.get("rate", 175)),
                volume=float(entry.get("volume", 1.0)),
            )
        except (TypeError, ValueError):
            raise ConfigError(
                f"{_where(path, text, persona)}: voices.{persona} has a value of the wrong type"
            ) from None
    return out


def load_settings(path: Path) -> Settings:
    """Settings from `path`, or the defaults when the file does not exist."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return Settings()
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: cannot read settings ({exc})") from None
    return parse_settings(text, path)


def save_settings(settings: Settings, path: Path) -> None:
    """Write settings, keeping the comments of an existing file (tomlkit), atomically."""
    import os
    import tempfile

    import tomlkit

    try:
        doc = tomlkit.parse(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        doc = tomlkit.document()
        doc.add(tomlkit.comment("callback-sim settings; see docs/configuration.md"))
    for key, value in settings.to_toml_dict().items():
        doc[key] = value
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".config-", suffix=".toml", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(tomlkit.dumps(doc))
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
