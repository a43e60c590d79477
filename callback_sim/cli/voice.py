"""`callback-sim voice`: check what speech this machine has, and render speech to WAV files."""

from __future__ import annotations

from pathlib import Path

import click

from callback_sim.context import AppContext
from callback_sim.core.models import PERSONAS


@click.group()
def voice() -> None:
    """Questions read aloud: check the speech setup or render speech to a file."""


@voice.command("test")
@click.option("--all-voices", is_flag=True, help="List every installed voice, not only English.")
@click.pass_obj
def test(app: AppContext, all_voices: bool) -> None:
    """Report the speech engine, its voices, the audio player and output device found."""
    from callback_sim.speech import persona_voices, probe_speech

    status = probe_speech()
    click.echo(f"engine:        {status.engine or 'none'}")
    english = [v for v in status.voices if v.is_english]
    shown = list(status.voices) if all_voices else english
    click.echo(f"voices:        {len(status.voices)} installed, {len(english)} English")
    for info in shown:
        gender = f", {info.gender}" if info.gender else ""
        langs = ", ".join(info.languages)
        click.echo(f"  {info.id:<28} {info.name} ({langs}{gender})")
    click.echo(f"player:        {status.player or 'none'}")
    click.echo(f"audio output:  {'yes' if status.audio_device else 'no'}")
    if status.engine is not None:
        click.echo("persona voices:")
        chosen = persona_voices(status.voices, app.settings(), status.engine)
        for persona, chosen_voice in chosen.items():
            click.echo(
                f"  {persona:<17} {chosen_voice.voice_id or 'default'}  "
                f"rate {chosen_voice.rate}  volume {chosen_voice.volume:g}"
            )
    if status.reason:
        click.echo(f"speech:        off ({status.reason}); questions are shown as text only")
    elif not app.settings().voice:
        click.echo("speech:        works; set `voice = true` in config.toml to hear questions")
    else:
        click.echo("speech:        works; questions will be read aloud")


@voice.command("say")
@click.argument("text")
@click.option(
    "--out",
    "out",
    required=True,
    type=click.Path(dir_okay=False, path_type=Path),
    help="New WAV file to write (private, 0600; no audio device needed).",
)
@click.option("--force", is_flag=True, help="Replace the --out file if it already exists.")
@click.option("--persona", type=click.Choice(PERSONAS), help="Speak in this interviewer's voice.")
@click.option(
    "--rate", type=click.IntRange(80, 400), help="Words per minute (default: the persona's)."
)
@click.pass_obj
def say(
    app: AppContext, text: str, out: Path, persona: str | None, rate: int | None, force: bool
) -> None:
    """Render TEXT as speech into a new WAV file."""
    from callback_sim.speech import render_wav, wav_duration

    written = render_wav(
        text, out, persona=persona, settings=app.settings(), rate=rate, force=force
    )
    click.echo(f"wrote {written} ({wav_duration(written):.1f} s)")
