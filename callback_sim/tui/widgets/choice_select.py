"""A Select that is one widget until it is opened: the home screen has three.

Textual's `Select` composes six widgets: a face (a row holding the label and two arrows,
one hidden) and its drop-down list. On the home screen those 18 widgets were a quarter of
the work before the first frame. Until it is first opened, `ChoiceSelect` draws the same
face itself (styled by the rules of Textual's SelectCurrent, copied below); the first
time it opens it becomes a Select's shape, a one-widget face (`SelectFace`) and the
drop-down. It is a `Select` in every other way: the same keys, value, options, `Changed`
messages and CSS.
"""

from __future__ import annotations

from typing import Any, ClassVar

from rich.console import RenderableType
from rich.text import Text
from textual import events
from textual.css.query import NoMatches
from textual.widget import Widget
from textual.widgets import Select
from textual.widgets._select import NoSelection, SelectCurrent, SelectOverlay, SelectType

#: The colours of SelectCurrent's `Static#label` and `.arrow` children, as the rules of
#: the parts a face widget draws (nested in each face's own rule).
FACE_PARTS_CSS = """
    .select-face--label {
        color: $foreground 50%;
    }
    &.-has-value .select-face--label {
        color: $foreground;
    }
    .select-face--arrow {
        color: $foreground 50%;
    }
"""


def face_text(widget: Widget, label: object, placeholder: str, expanded: bool) -> Text:
    """A select's face: the label (or the placeholder) and the arrow, as Textual lays
    them out in SelectCurrent, styled by `widget`'s `select-face--*` parts."""
    shown = placeholder if isinstance(label, NoSelection) else label
    text = shown.copy() if isinstance(shown, Text) else Text(str(shown))
    width = max(widget.content_size.width - 2, 0)
    text.truncate(width)
    text.stylize_before(widget.get_component_rich_style("select-face--label"))
    arrow = widget.get_component_rich_style("select-face--arrow")
    # The gap is unstyled, as Textual pads a label that is shorter than its width.
    gap = " " * (width - text.cell_len + 1)
    text.append_text(Text.assemble(gap, ("▲" if expanded else "▼", arrow)))
    text.stylize_before(widget.rich_style)
    return text


class SelectFace(SelectCurrent):
    """`SelectCurrent`, drawn as one widget: the label, then the arrow, as Textual lays them out."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {"select-face--label", "select-face--arrow"}

    DEFAULT_CSS = f"SelectFace {{ {FACE_PARTS_CSS} }}"

    def compose(self) -> Any:
        return ()

    def get_content_height(self, container: Any, viewport: Any, width: int) -> int:
        return 1  # the label row (SelectCurrent's `height: auto` sized it from its children)

    def update(self, label: RenderableType | NoSelection) -> None:
        self.label = label
        self.has_value = label is not Select.NULL
        self.refresh()

    def render(self) -> Text:
        select = self.parent
        expanded = isinstance(select, Select) and select.expanded
        return face_text(self, self.label, self.placeholder, expanded)


class ChoiceSelect(Select[SelectType]):
    """A `Select` that draws its own face until first opened, then builds the drop-down."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {"select-face--label", "select-face--arrow"}

    # While it draws its own face (class -face): SelectCurrent's rules and Select's
    # rules for it, on the select itself.
    DEFAULT_CSS = (
        """
    ChoiceSelect.-face {
        border: tall $border-blurred;
        color: $foreground;
        background: $surface;
        padding: 0 2;
        pointer: pointer;
        &:focus {
            border: tall $border;
            background-tint: $foreground 5%;
        }
        &.-textual-compact {
            padding: 0 1 0 0;
            border: none !important;
        }
        &:ansi {
            border: tall $border-blurred;
            color: ansi_default;
            background: ansi_default;
            &:focus {
                border: tall $border;
            }
        }
    }
    """
        + f"ChoiceSelect.-face {{ {FACE_PARTS_CSS} }}"
    )

    _overlay_mounted = False

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.add_class("-face")
        #: What the face shows while this widget draws it (SelectCurrent.label).
        self._label: RenderableType | NoSelection = Select.NULL

    def compose(self) -> Any:
        return ()

    @property
    def _drawing_face(self) -> bool:
        return self.has_class("-face")

    def get_content_height(self, container: Any, viewport: Any, width: int) -> int:
        if self._drawing_face:
            return 1  # the label row
        return super().get_content_height(container, viewport, width)

    def render(self) -> Any:
        if self._drawing_face:
            return face_text(self, self._label, self.prompt, self.expanded)
        return super().render()

    def _show_label(self, label: RenderableType | NoSelection) -> None:
        """Show `label` on the face, whichever widget draws it."""
        face = self._face()
        if face is not None:
            face.update(label)
            return
        self._label = label
        self.set_class(label is not Select.NULL, "-has-value")
        self.refresh()

    def on_click(self, event: events.Click) -> None:
        # SelectCurrent's click, while this widget is the face (after, the face has it).
        if self._drawing_face:
            event.stop()
            self.expanded = not self.expanded

    def _overlay(self) -> SelectOverlay | None:
        try:
            return self.query_one(SelectOverlay)
        except NoMatches:
            return None

    def _setup_options_renderables(self) -> None:
        if self._overlay() is not None:
            super()._setup_options_renderables()

    def _highlight_value(self, overlay: SelectOverlay) -> None:
        for index, (_prompt, value) in enumerate(self._options):
            if value == self.value:
                overlay.highlighted = index
                return

    def _watch_value(self, value: SelectType | NoSelection) -> None:
        self._value = value
        if not self.is_mounted and not self._drawing_face:
            return
        if value == self.NULL:
            self._show_label(self.NULL)
        else:
            for _index, (prompt, option_value) in enumerate(self._options):
                if option_value == value:
                    self._show_label(prompt)
                    break
            overlay = self._overlay()
            if overlay is not None:
                self._highlight_value(overlay)
        self.post_message(self.Changed(self, value))

    def _watch_expanded(self, expanded: bool) -> None:
        face = self._face()
        (face or self).refresh()  # the arrow turns
        if expanded and self._overlay() is None:
            if not self._overlay_mounted:
                self._overlay_mounted = True
                self.call_next(self._open_first_time)
            return
        super()._watch_expanded(expanded)

    def _face(self) -> SelectCurrent | None:
        try:
            return self.query_one(SelectCurrent)
        except NoMatches:
            return None

    async def _open_first_time(self) -> None:
        """Take a Select's shape (a face widget and the drop-down), then open as Select does."""
        face = SelectFace(self.prompt)
        overlay = SelectOverlay(type_to_search=self._type_to_search).data_bind(
            compact=Select.compact
        )
        self.remove_class("-face")
        await self.mount(face, overlay)
        face.update(self._label)
        if self._opened_by_key:
            face.has_value = True
        self._setup_options_renderables()
        self._highlight_value(overlay)  # as `_watch_value` keeps it
        if self.expanded:
            super()._watch_expanded(True)
            if self._opened_by_key and overlay.highlighted is None:
                overlay.action_first()  # as `action_show_overlay` does

    _opened_by_key = False

    def action_show_overlay(self) -> None:
        if self._overlay() is None:
            self.set_class(True, "-has-value")  # as SelectCurrent.has_value = True
            self._opened_by_key = True
            self.expanded = True
            return
        super().action_show_overlay()

    def _watch_prompt(self, prompt: str) -> None:
        if not self.is_mounted:
            return
        face = self._face()
        if face is not None:
            face.placeholder = prompt
        if not self._allow_blank:
            return
        if self.value == self.NULL:
            self._show_label(self.NULL)
        overlay = self._overlay()
        if overlay is not None:
            overlay.replace_option_prompt_at_index(0, Text(prompt, style="dim"))
