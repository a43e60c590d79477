"""A Select that costs one widget until it is opened: the home screen has three.

Textual's `Select` composes six widgets: a face (a row holding the label and two arrows,
one hidden) and its drop-down list. On the home screen those 18 widgets were a quarter of
the work before the first frame. `ChoiceSelect` draws the same face as one widget and
builds the drop-down the first time it opens. It is a `Select` in every other way: the
same keys, value, options, `Changed` messages and CSS.
"""

from __future__ import annotations

from typing import Any, ClassVar

from rich.console import RenderableType
from rich.text import Text
from textual.css.query import NoMatches
from textual.widgets import Select
from textual.widgets._select import NoSelection, SelectCurrent, SelectOverlay, SelectType


class SelectFace(SelectCurrent):
    """`SelectCurrent`, drawn as one widget: the label, then the arrow, as Textual lays them out."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {"select-face--label", "select-face--arrow"}

    # The colours of SelectCurrent's `Static#label` and `.arrow` children.
    DEFAULT_CSS = """
    SelectFace {
        .select-face--label {
            color: $foreground 50%;
        }
        &.-has-value .select-face--label {
            color: $foreground;
        }
        .select-face--arrow {
            color: $foreground 50%;
        }
    }
    """

    def compose(self) -> Any:
        return ()

    def get_content_height(self, container: Any, viewport: Any, width: int) -> int:
        return 1  # the label row (SelectCurrent's `height: auto` sized it from its children)

    def update(self, label: RenderableType | NoSelection) -> None:
        self.label = label
        self.has_value = label is not Select.NULL
        self.refresh()

    def render(self) -> Text:
        label = self.label
        shown = self.placeholder if isinstance(label, NoSelection) else label
        text = shown.copy() if isinstance(shown, Text) else Text(str(shown))
        width = max(self.content_size.width - 2, 0)
        text.truncate(width)
        text.stylize_before(self.get_component_rich_style("select-face--label"))
        select = self.parent
        expanded = isinstance(select, Select) and select.expanded
        arrow = self.get_component_rich_style("select-face--arrow")
        # The gap is unstyled, as Textual pads a label that is shorter than its width.
        gap = " " * (width - text.cell_len + 1)
        text.append_text(Text.assemble(gap, ("▲" if expanded else "▼", arrow)))
        text.stylize_before(self.rich_style)
        return text


class ChoiceSelect(Select[SelectType]):
    """A `Select` whose face is one widget and whose drop-down is built when first opened."""

    _overlay_mounted = False

    def compose(self) -> Any:
        yield SelectFace(self.prompt)

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
        try:
            face = self.query_one(SelectCurrent)
        except NoMatches:
            return
        if value == self.NULL:
            face.update(self.NULL)
        else:
            for _index, (prompt, option_value) in enumerate(self._options):
                if option_value == value:
                    face.update(prompt)
                    break
            overlay = self._overlay()
            if overlay is not None:
                self._highlight_value(overlay)
        self.post_message(self.Changed(self, value))

    def _watch_expanded(self, expanded: bool) -> None:
        face = self._face()
        if face is not None:
            face.refresh()  # the arrow turns
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
        """Build the drop-down, then open it as Select does."""
        overlay = SelectOverlay(type_to_search=self._type_to_search).data_bind(
            compact=Select.compact
        )
        await self.mount(overlay)
        self._setup_options_renderables()
        self._highlight_value(overlay)  # as `_watch_value` keeps it
        if self.expanded:
            super()._watch_expanded(True)
            if self._opened_by_key and overlay.highlighted is None:
                overlay.action_first()  # as `action_show_overlay` does

    _opened_by_key = False

    def action_show_overlay(self) -> None:
        if self._overlay() is None:
            face = self._face()
            if face is not None:
                face.has_value = True
            self._opened_by_key = True
            self.expanded = True
            return
        super().action_show_overlay()

    def _watch_prompt(self, prompt: str) -> None:
        if not self.is_mounted:
            return
        face = self.query_one(SelectCurrent)
        face.placeholder = prompt
        if not self._allow_blank:
            return
        if self.value == self.NULL:
            face.update(self.NULL)
        overlay = self._overlay()
        if overlay is not None:
            overlay.replace_option_prompt_at_index(0, Text(prompt, style="dim"))
