"""Plain mode's stdin reader: lines, deadlines, end of input and undecodable bytes."""

from __future__ import annotations

import io
import os
import time

from callback_sim.cli.sessions import TIMEOUT, LineReader


def test_lines_deadline_and_eof_from_a_pipe() -> None:
    read_fd, write_fd = os.pipe()
    reader = LineReader(os.fdopen(read_fd, "rb", buffering=0))
    os.write(write_fd, b"first line\r\nsecond ")
    assert reader.readline(timeout=1) == "first line"
    started = time.monotonic()
    assert reader.readline(timeout=0.05) is TIMEOUT  # half a line is not a line
    assert time.monotonic() - started < 1
    os.write(write_fd, "half\nbad \xff byte\n".encode("latin-1"))
    assert reader.readline(timeout=1) == "second half"
    assert reader.readline() == "bad \udcff byte"  # kept for sanitize_text to replace
    os.write(write_fd, b"no newline at the end")
    os.close(write_fd)
    assert reader.readline() == "no newline at the end"
    assert reader.readline() is None and reader.eof


def test_streams_without_a_descriptor_still_work() -> None:
    reader = LineReader(io.StringIO("one\ntwo"))
    assert [reader.readline(), reader.readline(), reader.readline()] == ["one", "two", None]
