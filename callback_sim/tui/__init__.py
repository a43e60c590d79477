"""The full-screen Textual app: app.py (the App), screens/ (one module + .tcss each), widgets/."""
