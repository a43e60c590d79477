"""Unsaved form text kept as a draft, like answers: the debrief and prep-kit forms.

When the app quits with unsaved edits on a form screen, `keep_draft` writes the form (as the
same TOML the screen saves) to the database's `app_state`; the next time the screen opens
it offers the draft back. Restoring leaves the form unsaved, so ctrl+s still decides.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, cast

from textual.screen import Screen

if TYPE_CHECKING:
    from callback_sim.tui.context import ScreenHost


class FormDraftScreen(Screen[None]):
    """A form screen whose unsaved edits survive a quit (see the module docstring)."""

    #: The `app_state` key of this form's draft.
    DRAFT_KEY = "form.draft"
    #: What the form is, for the offer ("the debrief").
    DRAFT_WHAT = "this form"

    def draft_text(self) -> str | None:
        """The form as text to keep, or None when it cannot be written down yet."""
        raise NotImplementedError

    async def restore_draft_text(self, text: str) -> None:
        """Fill the form from a kept draft's text (and leave it unsaved)."""
        raise NotImplementedError

    @property
    def cs_app(self) -> ScreenHost:
        return cast("ScreenHost", self.app)

    def _draft_store(self) -> Any:
        try:
            return self.cs_app.context.store()
        except Exception:  # no usable database: drafts are best effort
            return None

    def keep_draft(self) -> None:
        """Called by the app's quit when this screen has unsaved edits."""
        try:
            text = self.draft_text()
        except Exception:
            text = None
        store = self._draft_store()
        if text is None or store is None:
            return
        try:
            store.set_state(self.DRAFT_KEY, {"text": text})
        except Exception as exc:  # the app is quitting: say so, never crash
            self.app.notify(f"Could not keep {self.DRAFT_WHAT} draft: {exc}", severity="error")

    def offer_draft(self) -> None:
        """Look for a kept draft (in a thread) and offer it back."""

        def look() -> None:
            store = self._draft_store()
            draft = store.get_state(self.DRAFT_KEY) if store is not None else None
            if isinstance(draft, dict) and isinstance(draft.get("text"), str):
                self.app.call_from_thread(self._offer, draft["text"])

        self.cs_app.run_in_thread(look, name="look-for-form-draft")

    def _offer(self, text: str) -> None:
        from callback_sim.tui.screens.dialogs import ConfirmDialog

        async def restore() -> None:
            await self.restore_draft_text(text)
            self.notify(f"Restored {self.DRAFT_WHAT} as you left it; ctrl+s saves it.")

        def answered(yes: bool | None) -> None:
            self.forget_draft()
            if yes:
                self.call_later(restore)

        question = (
            f"You quit with unsaved changes to {self.DRAFT_WHAT}. Bring them back? "
            "(Discard drops them for good.)"
        )
        self.app.push_screen(ConfirmDialog(question, yes="Restore", no="Discard"), answered)

    def forget_draft(self) -> None:
        def forget() -> None:
            store = self._draft_store()
            if store is not None:
                store.delete_state(self.DRAFT_KEY)

        self.cs_app.run_in_thread(forget, name="forget-form-draft")
