"""Installed voices and which one each interviewer persona speaks with.

The choice is a pure function of the installed voices and the settings, so the same
machine always gives each persona the same voice, and the five personas sound different
even when the user has configured nothing.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from callback_sim.config import Settings, VoiceSettings
from callback_sim.core.models import PERSONAS

#: Speaking rates (words per minute) for personas without a configured rate, in PERSONAS
#: order: distinct, so personas differ even on a system with a single installed voice.
PERSONA_RATES: tuple[int, ...] = (170, 185, 155, 178, 192)

#: espeak-ng voices that read English well, best first; the first installed ones are used.
ESPEAK_ENGLISH: tuple[str, ...] = (
    "gmw/en-us",
    "gmw/en",
    "gmw/en-gb-x-rp",
    "gmw/en-gb-scotland",
    "gmw/en-029",
    "gmw/en-us-nyc",
)
#: espeak-ng variants (shipped with every espeak-ng) that change pitch and timbre, one per
#: persona: male and female alternate so neighbouring personas are easy to tell apart.
ESPEAK_VARIANTS: tuple[str, ...] = ("m3", "f2", "m7", "f4", "m1")


@dataclass(frozen=True)
class VoiceInfo:
    """One voice the speech engine offers."""

    id: str
    name: str
    languages: tuple[str, ...] = ()
    gender: str | None = None

    @classmethod
    def from_record(cls, record: Mapping[str, Any]) -> VoiceInfo:
        """From the worker's JSON voice record."""
        gender = record.get("gender")
        return cls(
            id=str(record["id"]),
            name=str(record.get("name") or record["id"]),
            languages=tuple(str(lang) for lang in record.get("languages") or ()),
            gender=str(gender) if gender else None,
        )

    @property
    def is_english(self) -> bool:
        langs = [lang.lower().replace("_", "-") for lang in self.languages]
        if langs:
            return any(lang == "en" or lang.startswith("en-") for lang in langs)
        return "english" in self.name.lower()


def _persona_index(persona: str | None) -> int:
    # A question without a persona is read like the hiring manager's: the round's default voice.
    return PERSONAS.index(persona) if persona in PERSONAS else 0


def _auto_voice_ids(engine: str | None, installed: Sequence[VoiceInfo]) -> list[str]:
    """Voice ids to hand out to personas in order; may be shorter than PERSONAS or empty."""
    ids = {v.id for v in installed}
    if engine == "espeak":
        bases = [vid for vid in ESPEAK_ENGLISH if vid in ids]
        if bases:
            return [
                f"{bases[i % len(bases)]}+{variant}" for i, variant in enumerate(ESPEAK_VARIANTS)
            ]
    english = sorted((v for v in installed if v.is_english), key=lambda v: v.id)
    pool = english or sorted(installed, key=lambda v: v.id)
    return [v.id for v in pool]


def voice_for_persona(
    persona: str | None,
    installed: Sequence[VoiceInfo],
    settings: Settings | None = None,
    engine: str | None = None,
) -> VoiceSettings:
    """The voice, rate and volume `persona` speaks with.

    A persona's `[voices.NAME]` table in config.toml wins for what it sets; without a
    `voice_id`, installed voices are handed out in a fixed order (distinct English voices
    first), and personas without a configured entry also get distinct rates.
    """
    index = _persona_index(persona)
    configured = (settings or Settings()).voices.get(PERSONAS[index])
    if configured is not None and configured.voice_id:
        return configured
    ids = _auto_voice_ids(engine, installed)
    voice_id = ids[index % len(ids)] if ids else None
    if configured is not None:
        return VoiceSettings(voice_id=voice_id, rate=configured.rate, volume=configured.volume)
    return VoiceSettings(voice_id=voice_id, rate=PERSONA_RATES[index])


def persona_voices(
    installed: Sequence[VoiceInfo], settings: Settings | None = None, engine: str | None = None
) -> dict[str, VoiceSettings]:
    """Every persona's voice, in PERSONAS order (what `voice test` shows)."""
    return {p: voice_for_persona(p, installed, settings, engine) for p in PERSONAS}


def is_installed(voice_id: str, installed: Sequence[VoiceInfo], engine: str | None) -> bool:
    """Whether `voice_id` names an installed voice (espeak-ng ids may add "+variant")."""
    ids = {v.id for v in installed}
    base = voice_id.split("+", 1)[0] if engine == "espeak" else voice_id
    return voice_id in ids or base in ids
