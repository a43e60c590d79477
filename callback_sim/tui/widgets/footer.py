"""A footer that shows as many keys as fit, in priority order, and always `? Keys`.

Textual's footer lists the active bindings (the focused widget's, then the screen's, then
the App's) and cuts off whatever runs past the right edge, so at 80 columns the keys a
user needs last were simply not there. This one drops whole keys from the end of that
order instead, keeps the Keys key (the help panel lists every key of the screen) and
shows the palette key only when there is room for it.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import NamedTuple

from textual.app import ComposeResult
from textual.binding import ActiveBinding, Binding
from textual.css.query import NoMatches
from textual.events import Resize
from textual.widgets._footer import FooterKey

from callback_sim.tui.widgets.quick_footer import QuickFooter

#: The App action that opens the help panel (every screen's footer keeps it).
KEYS_ACTION = "show_keys"


class FooterEntry(NamedTuple):
    """One key the footer could show."""

    binding: Binding
    enabled: bool
    tooltip: str
    from_app: bool


def footer_entries(active: Mapping[str, ActiveBinding], app: object) -> list[FooterEntry]:
    """The shown bindings of `active` (Screen.active_bindings), one per action, in order."""
    entries: list[FooterEntry] = []
    seen: set[str] = set()
    keys_shown = False
    for node, binding, enabled, tooltip in active.values():
        entry = FooterEntry(binding, enabled, tooltip, node is app)
        if is_keys_entry(entry):
            # `?` where it is active, else the always-active f1 (hidden by default).
            if keys_shown or (not binding.show and _active_shown_keys(active)):
                continue
            keys_shown = True
        elif not binding.show or binding.action in seen:
            continue
        seen.add(binding.action)
        entries.append(entry)
    return entries


def _active_shown_keys(active: Mapping[str, ActiveBinding]) -> bool:
    return any(b.show and _is_keys_action(b.action) for _n, b, _e, _t in active.values())


def is_keys_entry(entry: FooterEntry) -> bool:
    return _is_keys_action(entry.binding.action)


def _is_keys_action(action: str) -> bool:
    return action.split("(")[0].removeprefix("app.") == KEYS_ACTION


def fit_entries(entries: list[FooterEntry], widths: list[int], room: int) -> list[FooterEntry]:
    """The entries that fit in `room` columns: the Keys entry always, then the others in
    order, skipping any too wide for what is left."""
    kept: set[int] = set()
    for i, entry in enumerate(entries):
        if is_keys_entry(entry):
            kept.add(i)
            room -= widths[i]
    for i, _entry in enumerate(entries):
        if i not in kept and widths[i] <= room:
            kept.add(i)
            room -= widths[i]
    ordered = [entries[i] for i in sorted(kept) if not is_keys_entry(entries[i])]
    # The Keys key goes last, just before the palette, where the eye looks for help.
    return ordered + [entries[i] for i in sorted(kept) if is_keys_entry(entries[i])]


class FooterKeyShown(NamedTuple):
    """What one key of a laid-out footer shows: equal tuples draw the same footer."""

    key: str
    key_display: str
    description: str
    action: str
    disabled: bool
    tooltip: str
    palette: bool = False


class SteadyFooterKey(FooterKey):
    """A FooterKey given its compact look before it mounts.

    Textual's FooterKey starts compact and is then data-bound to the footer's setting,
    so each key mounted was restyled twice more, one at a time; at start-up that was the
    largest single cost of the home screen's footer.
    """

    def __init__(self, shown: FooterKeyShown, *, compact: bool) -> None:
        super().__init__(
            shown.key,
            shown.key_display,
            shown.description,
            shown.action,
            disabled=shown.disabled,
            tooltip=shown.tooltip,
            classes="-command-palette" if shown.palette else "",
        )
        self.set_reactive(FooterKey.compact, compact)
        self.set_class(compact, "-compact", update=False)


class KeysFooter(QuickFooter):
    """The footer every screen of the app uses."""

    #: The keys on screen now; a change of bindings that would show the same is skipped.
    _shown: tuple[FooterKeyShown, ...] | None = None
    _laid_out_for = 0

    def _width_of(self, binding: Binding) -> int:
        key = self.app.get_key_display(binding)
        # " key description " (Footer's padding), or "key description " when compact.
        return len(key) + len(binding.description) + (2 if self.compact else 3)

    def keys_to_show(self) -> tuple[FooterKeyShown, ...]:
        """The keys that fit the screen's width now, in the order they are drawn."""
        active = self.screen.active_bindings
        # The screen's keys first, then the App's in the order of its BINDINGS (Textual
        # puts the App's priority keys, such as ctrl+q, ahead of the rest).
        order = {b.id: i for i, b in enumerate(type(self.app).BINDINGS) if isinstance(b, Binding)}
        entries = sorted(
            footer_entries(active, self.app),
            key=lambda e: (e.from_app, order.get(e.binding.id, len(order)) if e.from_app else 0),
        )
        room = self.app.size.width
        kept = fit_entries(entries, [self._width_of(e.binding) for e in entries], room)
        shown = [
            FooterKeyShown(
                e.binding.key,
                self.app.get_key_display(e.binding),
                e.binding.description,
                e.binding.action,
                not e.enabled,
                e.tooltip or e.binding.tooltip,
            )
            for e in kept
        ]
        palette = active.get(self.app.COMMAND_PALETTE_BINDING)
        if self.show_command_palette and self.app.ENABLE_COMMAND_PALETTE and palette:
            _node, binding, enabled, _tooltip = palette
            used = sum(self._width_of(e.binding) for e in kept)
            # Docked right with a one-column border: shown only when nothing goes under it.
            if used + self._width_of(binding) + 1 <= room:
                shown.append(
                    FooterKeyShown(
                        binding.key,
                        self.app.get_key_display(binding),
                        binding.description,
                        binding.action,
                        not enabled,
                        binding.tooltip or binding.description,
                        palette=True,
                    )
                )
        return tuple(shown)

    def compose(self) -> ComposeResult:
        # Textual's footer composes empty and lays its keys out once the screen first
        # publishes its bindings: a second layout and paint of the whole screen right
        # after the first. The keys the screen has now are drawn in the first frame
        # instead; a later change of bindings lays them out again only if it shows
        # other keys (`needs_layout`). A screen whose `check_action` reads widgets not
        # mounted yet cannot say its keys now: its footer waits for the signal.
        try:
            keys = self.keys_to_show()
        except NoMatches:
            return
        self._bindings_ready = True
        self._laid_out_for = self.app.size.width
        self._shown = keys
        for shown in keys:
            # Textual's footer leaves the palette key in FooterKey's own compact look.
            yield SteadyFooterKey(shown, compact=shown.palette or self.compact)

    def needs_layout(self) -> bool:
        return self._bindings_ready and self.keys_to_show() != self._shown

    def watch_compact(self, compact: bool) -> None:
        for key in self.query(FooterKey):
            if not key.has_class("-command-palette"):
                key.compact = compact

    def on_resize(self, event: Resize) -> None:
        # What fits depends on the width: lay the keys out again when it changes.
        if self._bindings_ready and self.app.size.width != self._laid_out_for:
            self._laid_out_for = self.app.size.width
            self.call_after_refresh(self._recompose_once)
