"""Reading questions aloud: speakers, voice choice per persona, and rendering to WAV.

pyttsx3 is never imported here: it loads only inside the worker child process
(`python -m callback_sim.speech.worker`), which keeps start-up fast and keeps the speech
engine's and audio libraries' output off the terminal.
"""

from callback_sim.speech.speaker import (
    EngineSpeaker,
    NullSpeaker,
    Speaker,
    SpeechError,
    SpeechStatus,
    make_speaker,
    probe_speech,
    render_wav,
    wav_duration,
)
from callback_sim.speech.voices import VoiceInfo, persona_voices, voice_for_persona

__all__ = [
    "EngineSpeaker",
    "NullSpeaker",
    "Speaker",
    "SpeechError",
    "SpeechStatus",
    "VoiceInfo",
    "make_speaker",
    "persona_voices",
    "probe_speech",
    "render_wav",
    "voice_for_persona",
    "wav_duration",
]
