"""A footer that shows as many keys as fit, in priority order, and always `? Keys`.

Textual's footer lists the active bindings (the focused widget's, then the screen's, then
the App's) and cuts off whatever runs past the right edge, so at 80 columns the keys a
user needs last were simply not there. This one drops whole keys from the end of that
order instead, keeps the Keys key (the help panel lists every key of the screen) and
shows the palette key only when there is room for it.

It is one widget that draws every key, as Textual's `FooterKey` widgets look (the same
theme variables and spacing), with their mouse behaviour: a key lights up under the
pointer, shows its tooltip, and a click presses it (a disabled key rings the bell).
Textual's footer is a container of one widget per key, each styled, mounted and laid
out on its own, and recomposed whenever the screen's bindings change: on the home
screen that was the largest single cost of start-up after Textual's own imports.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, ClassVar, NamedTuple

from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.binding import ActiveBinding, Binding
from textual.color import Color
from textual.css.query import NoMatches
from textual.strip import Strip
from textual.widget import Widget

if TYPE_CHECKING:
    from textual.screen import Screen

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


class KeySpan(NamedTuple):
    """Where one shown key is drawn in the footer: columns [start, end)."""

    start: int
    end: int
    shown: FooterKeyShown


class KeysFooter(Widget, can_focus=False):
    """The footer every screen of the app uses: every key drawn by this one widget."""

    ALLOW_SELECT = False
    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "footer-key--key",
        "footer-key--description",
        "keys-footer--item",
        "keys-footer--hover",
        "keys-footer--palette",
    }

    # The rules of Textual's Footer and FooterKey, on the parts this widget draws.
    DEFAULT_CSS = """
    KeysFooter {
        dock: bottom;
        height: 1;
        color: $footer-foreground;
        background: $footer-background;
        .footer-key--key {
            color: $footer-key-foreground;
            background: $footer-key-background;
            text-style: bold;
        }
        .footer-key--description {
            color: $footer-description-foreground;
            background: $footer-description-background;
        }
        .keys-footer--item {
            background: $footer-item-background;
        }
        .keys-footer--hover {
            color: $footer-key-foreground;
            background: $block-hover-background;
        }
        .keys-footer--palette {
            color: $foreground 20%;
        }
    }
    """

    def __init__(self, *, compact: bool = False, show_command_palette: bool = True) -> None:
        super().__init__()
        #: Textual's compact footer look: no padding around keys, one space after each.
        self.compact = compact
        self.show_command_palette = show_command_palette
        #: The keys on screen now, in the order drawn (None until the bindings are known).
        self._shown: tuple[FooterKeyShown, ...] | None = None
        self._laid_out_for = 0
        self._spans: list[KeySpan] = []
        self._hover: int | None = None
        #: The bindings changed since the keys were worked out (done at the next draw).
        self._stale = False

    @property
    def shown(self) -> tuple[FooterKeyShown, ...]:
        """The keys drawn now, in order (the palette key last when there is room)."""
        if self._stale:
            self._update_keys()
        return self._shown or ()

    @property
    def spans(self) -> list[KeySpan]:
        """Where each shown key is drawn, as of the last frame."""
        return list(self._spans)

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

    # -- keeping the keys current -----------------------------------------------------

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self.bindings_changed)

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def bindings_changed(self, screen: Screen[object]) -> None:
        # As Textual's footer: bindings seen while the app has no focus are not shown.
        # Several changes before the next frame (focus, a screen filling in) are worked
        # out once, when it is drawn.
        if screen.app.app_focus and self.is_attached and screen is self.screen:
            self._stale = True
            self.refresh()

    def _update_keys(self, *, repaint: bool = True) -> bool:
        """Work out the keys again; repaint (only) when they change. False: not known yet."""
        try:
            keys = self.keys_to_show()
        except NoMatches:
            # A screen whose check_action reads widgets not mounted yet: wait for the signal.
            return False
        self._stale = False
        self._laid_out_for = self.app.size.width
        if keys != self._shown:
            self._shown = keys
            if self._hover is not None:  # the key under the pointer may be gone
                self._hover = None
                self.tooltip = None
                self.styles.pointer = "default"
            if repaint:  # (not while drawing: that frame shows them)
                self.refresh()
        return True

    def on_resize(self, event: events.Resize) -> None:
        # What fits depends on the width: work the keys out again when it changes.
        if self._shown is not None and self.app.size.width != self._laid_out_for:
            self._update_keys()

    # -- drawing --------------------------------------------------------------------------

    def _item_styles(self, hover: bool, disabled: bool) -> tuple[Style, Style, Color]:
        """A key's key style, its description's, and its background: as
        Textual composes a FooterKey's (DOMNode.rich_style) over this footer."""
        component = self.get_component_styles
        background = self.background_colors[1]
        item = component("keys-footer--item")
        background += item.background.tint(item.background_tint)
        color = self.styles.color
        if hover:
            lit = component("keys-footer--hover")
            background += lit.background.tint(lit.background_tint)
            color = lit.color
        base = self.rich_style + Style(
            color=(background + color).rich_color,
            bgcolor=background.rich_color if background.a else None,
            dim=True if disabled else None,
        )
        parts = []
        for name in ("footer-key--key", "footer-key--description"):
            part = component(name)
            under = background + part.background.tint(part.background_tint)
            parts.append(
                base
                + part.text_style
                + Style(
                    color=(under + part.color).rich_color,
                    bgcolor=under.rich_color if under.a else None,
                )
            )
        return parts[0], parts[1], background

    def _blank_style(self) -> Style:
        """Where no key is drawn: the footer's background, as a container paints it."""
        return Style.from_color(None, self.rich_style.bgcolor)

    def _key_segments(self, shown: FooterKeyShown, hover: bool) -> list[Segment]:
        key_style, description_style, background = self._item_styles(hover, shown.disabled)
        # Textual draws the palette key compact whatever the footer's look.
        compact = self.compact or shown.palette
        key = shown.key_display if compact else f" {shown.key_display} "
        description = f" {shown.description}" if compact else f"{shown.description} "
        segments = [Segment(key, key_style)]
        if shown.description:
            segments.append(Segment(description, description_style))
        if shown.palette:
            # `border-left: vkey $foreground 20%`, and one column after it (padding when
            # the footer is not compact, a margin when it is).
            border = self.get_component_styles("keys-footer--palette").color
            under = self.background_colors[1]
            edge = Style(
                color=(under + border).rich_color,
                bgcolor=background.rich_color if background.a else None,
            )
            after = self._blank_style() if self.compact else Style.from_color(None, edge.bgcolor)
            segments = [Segment("▏", edge), *segments, Segment(" ", after)]
        elif self.compact:
            segments.append(Segment(" ", self._blank_style()))  # FooterKey's margin-right
        return segments

    def render_line(self, y: int) -> Strip:
        if self._shown is None or self._stale:
            self._update_keys(repaint=False)
        width = self.size.width
        if y != 0 or width <= 0:
            return Strip.blank(width, self._blank_style())
        spans: list[KeySpan] = []
        left: list[Segment] = []
        x = 0
        palette: list[Segment] = []
        palette_shown: FooterKeyShown | None = None
        for index, shown in enumerate(self.shown):
            segments = self._key_segments(shown, self._hover == index)
            if shown.palette:
                palette, palette_shown = segments, shown
                continue
            length = Segment.get_line_length(segments)
            spans.append(KeySpan(x, x + length, shown))
            left.extend(segments)
            x += length
        line = Strip(left).adjust_cell_length(
            max(width - Segment.get_line_length(palette), 0), self._blank_style()
        )
        if palette_shown is not None:
            length = Segment.get_line_length(palette)
            start = width - length
            # The border column is the key's own too (a click there presses it).
            spans.append(KeySpan(start, width, palette_shown))
            line = Strip([*line, *palette])
        self._spans = spans
        return line.crop(0, width)

    # -- the mouse ----------------------------------------------------------------------

    def _index_at(self, x: int) -> int | None:
        for span in self._spans:
            if span.start <= x < span.end:
                return self.shown.index(span.shown)
        return None

    def _set_hover(self, index: int | None) -> None:
        if index == self._hover:
            return
        self._hover = index
        shown = self.shown[index] if index is not None else None
        self.tooltip = shown.tooltip if shown is not None and shown.tooltip else None
        self.styles.pointer = "pointer" if shown is not None else "default"
        self.refresh()

    def on_mouse_move(self, event: events.MouseMove) -> None:
        self._set_hover(self._index_at(event.x))

    def on_leave(self, event: events.Leave) -> None:
        self._set_hover(None)

    def on_mouse_down(self, event: events.MouseDown) -> None:
        index = self._index_at(event.x)
        if index is None:
            return
        shown = self.shown[index]
        if shown.disabled:
            self.app.bell()
        else:
            self.app.simulate_key(shown.key)
