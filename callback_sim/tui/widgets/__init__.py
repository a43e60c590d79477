"""Reusable widgets: the interviewer banner, the countdown and the score card."""
