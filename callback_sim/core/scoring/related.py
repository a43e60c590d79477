"""Related wordings of rubric phrases: the near-synonyms people use for the same idea.

A rubric phrase's word can be said another way ("reduced" / "cut", "in hindsight" /
"looking back"). `data/related_words.txt` lists groups of such wordings as used in workplace
and interview talk, chosen for precision (each can replace the others in most sentences);
a rubric phrase also matches its variants with one word, or the whole phrase, swapped for a
related one. A match through a variant is shown with the variant that matched.
"""

from __future__ import annotations

from functools import lru_cache
from importlib.resources import files

from callback_sim.core.text import scan

#: Variants added per rubric phrase at most, so a rubric stays quick to match.
MAX_VARIANTS = 16


def _key(text: str) -> tuple[str, ...]:
    return tuple(scan(text).stems)


@lru_cache(maxsize=1)
def related_groups() -> dict[tuple[str, ...], tuple[str, ...]]:
    """Each wording (as stems) -> the other wordings of its groups, from the shipped list."""
    source = files("callback_sim.core").joinpath("data/related_words.txt")
    out: dict[tuple[str, ...], list[str]] = {}
    for raw in source.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        items = [item.strip() for item in line.split(",") if item.strip()]
        for item in items:
            key = _key(item)
            if not key:
                continue
            others = out.setdefault(key, [])
            others.extend(other for other in items if other != item and other not in others)
    return {key: tuple(value) for key, value in out.items()}


def variants(phrase: str) -> tuple[str, ...]:
    """Other wordings of `phrase`: the whole phrase, or one of its words, swapped."""
    groups = related_groups()
    words = phrase.split()
    stems = _key(phrase)
    found: list[str] = list(groups.get(stems, ()))
    if len(words) == len(stems) and len(words) > 1:
        for index, word in enumerate(words):
            for other in groups.get(_key(word), ()):
                found.append(" ".join((*words[:index], other, *words[index + 1 :])))
    unique = [v for v in dict.fromkeys(found) if _key(v) != stems]
    return tuple(unique[:MAX_VARIANTS])
