"""Every text area repaints when a resize re-wraps it (a wrong wrap never stays on screen)."""

from __future__ import annotations

from textual.app import App, ComposeResult

from callback_sim.tui.widgets.text_area import WrappingTextArea

TEXT = "one two three four five six seven eight nine ten eleven twelve thirteen fourteen"


class _Host(App[None]):
    def compose(self) -> ComposeResult:
        yield WrappingTextArea(TEXT, soft_wrap=True, id="area")


async def test_a_resize_repaints_the_area_even_when_its_line_count_stays() -> None:
    app = _Host()
    async with app.run_test(size=(40, 10)) as pilot:
        area = app.query_one(WrappingTextArea)
        await pilot.pause()
        repaints: list[int] = []
        original = area.refresh

        def counting_refresh(*args: object, **kwargs: object) -> object:
            repaints.append(1)
            return original(*args, **kwargs)  # type: ignore[arg-type]

        area.refresh = counting_refresh  # type: ignore[method-assign]
        await pilot.resize_terminal(39, 10)  # one column less: same number of wrapped lines
        await pilot.pause()
        assert repaints
