"""The `callback-sim` entry point: straight to the TUI when there is nothing to parse.

With no arguments (or only `--data-dir DIR`) the full-screen app opens without importing
click and the subcommand machinery, which keeps the first frame close to a bare Textual
app's. Everything else goes to the click CLI in `callback_sim.cli`.
"""

from __future__ import annotations

import gc
import sys


def _tui_data_dir(args: list[str]) -> tuple[bool, str | None]:
    """(True, DIR or None) when the arguments only ask for the TUI."""
    if not args:
        return True, None
    if len(args) == 2 and args[0] == "--data-dir":
        return True, args[1]
    if len(args) == 1 and args[0].startswith("--data-dir="):
        return True, args[0].split("=", 1)[1]
    return False, None


def main() -> None:
    """Console-script entry point."""
    tui_only, data_dir = _tui_data_dir(sys.argv[1:])
    if tui_only:
        # Start-up allocates much and frees little: the collector's full passes over
        # Textual's modules cost ~5% of the time to the first frame. The App turns it
        # back on once that frame is drawn (`resume_garbage_collection`).
        gc.disable()
    if not tui_only:
        from callback_sim.cli import main as cli_main

        cli_main()
        return
    from callback_sim.context import AppContext
    from callback_sim.core.errors import CallbackSimError

    try:
        context = AppContext.create(data_dir)
        from callback_sim.tui.home_data import HomePrefetch

        # Read the home screen's data while Textual is imported and the screen composed.
        prefetch = HomePrefetch(context)
        from callback_sim.tui.app import run_app

        try:
            code = run_app(context, prefetch)
        finally:
            context.close()
        if code:
            sys.exit(code)
    except CallbackSimError as exc:
        print(f"Error: {exc}", file=sys.stderr)
        sys.exit(1)
    except KeyboardInterrupt:
        sys.exit(130)


if __name__ == "__main__":
    main()
