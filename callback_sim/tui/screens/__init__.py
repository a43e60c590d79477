"""Screens of the app, one module and one .tcss file each."""
