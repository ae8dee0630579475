"""Writing the file the user named (handbook/outputfile.py): whole, or not at all.

Export through the real print path is checked in tests/gui/test_robust_export.py.
"""

from __future__ import annotations

import os
import stat
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from handbook.outputfile import (
    OutputError,
    OutputExists,
    OutputRefused,
    check_target,
    write_through_temp,
)

PDF = b"%PDF-1.4\n...\n%%EOF\n"


def write_pdf(data: bytes = PDF) -> Callable[[Path], str]:
    def render(temp: Path) -> str:
        temp.write_bytes(data)
        return "rendered"

    return render


def test_a_new_file_in_an_existing_folder_is_accepted_as_an_absolute_path(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    assert check_target(Path("out.pdf"), replace=False) == tmp_path / "out.pdf"


@pytest.mark.parametrize("name", ["", "  ", ".", ".."])
def test_no_name_is_refused_with_what_to_give(name: str) -> None:
    with pytest.raises(OutputRefused, match="give the name of the PDF file to write"):
        check_target(Path(name), replace=True)


def test_an_existing_file_is_replaced_only_when_asked(tmp_path: Path) -> None:
    target = tmp_path / "out.pdf"
    target.write_bytes(b"old")
    with pytest.raises(OutputExists) as caught:
        check_target(target, replace=False)
    assert str(caught.value) == f"{target} already exists"
    assert check_target(target, replace=True) == target


def test_a_folder_a_link_or_a_missing_folder_is_refused_by_name(tmp_path: Path) -> None:
    with pytest.raises(OutputRefused, match="is a folder; name a file inside it"):
        check_target(tmp_path, replace=True)
    (tmp_path / "real.pdf").write_bytes(PDF)
    (tmp_path / "link.pdf").symlink_to(tmp_path / "real.pdf")
    with pytest.raises(OutputRefused, match="is a symbolic link; name the file itself"):
        check_target(tmp_path / "link.pdf", replace=True)
    with pytest.raises(OutputRefused, match=f"the folder {tmp_path / 'nowhere'} does not exist"):
        check_target(tmp_path / "nowhere" / "out.pdf", replace=True)


@pytest.mark.skipif(sys.platform == "win32", reason="devices and pipes are POSIX things here")
def test_a_device_or_a_pipe_is_refused(tmp_path: Path) -> None:
    with pytest.raises(OutputRefused, match="is not a regular file"):
        check_target(Path("/dev/null"), replace=True)
    os.mkfifo(tmp_path / "pipe.pdf")
    with pytest.raises(OutputRefused, match="is not a regular file"):
        check_target(tmp_path / "pipe.pdf", replace=True)


def test_the_pdf_appears_whole_and_nothing_else_is_left(tmp_path: Path) -> None:
    target = tmp_path / "out.pdf"
    assert write_through_temp(target, write_pdf()) == "rendered"
    assert target.read_bytes() == PDF
    assert [p.name for p in tmp_path.iterdir()] == ["out.pdf"]


def test_a_new_file_gets_the_usual_mode_and_a_replaced_one_keeps_its_own(tmp_path: Path) -> None:
    mask = os.umask(0o027)
    try:
        target = tmp_path / "new.pdf"
        write_through_temp(target, write_pdf())
        assert stat.S_IMODE(target.stat().st_mode) == 0o640
        old = tmp_path / "old.pdf"
        old.write_bytes(b"old")
        old.chmod(0o600)
        write_through_temp(old, write_pdf())
        assert stat.S_IMODE(old.stat().st_mode) == 0o600 and old.read_bytes() == PDF
    finally:
        os.umask(mask)


def test_a_pdf_cut_short_leaves_the_old_file_as_it_was(tmp_path: Path) -> None:
    target = tmp_path / "out.pdf"
    target.write_bytes(b"the old pdf")
    with pytest.raises(OutputError) as caught:
        write_through_temp(target, write_pdf(b"%PDF-1.4\n half a page"))
    assert str(caught.value) == f"{target} could not be written completely (is the disk full?)"
    assert target.read_bytes() == b"the old pdf"
    assert [p.name for p in tmp_path.iterdir()] == ["out.pdf"]


def test_a_failure_while_rendering_names_the_chosen_file_not_the_temporary_one(
    tmp_path: Path,
) -> None:
    def fail(temp: Path) -> None:
        raise PermissionError(13, "Permission denied", str(temp))

    target = tmp_path / "out.pdf"
    with pytest.raises(OutputError) as caught:
        write_through_temp(target, fail)
    assert str(caught.value) == f"{target} could not be written (Permission denied)"
    assert list(tmp_path.iterdir()) == []


def test_an_interrupted_render_leaves_no_temporary_file(tmp_path: Path) -> None:
    def interrupted(temp: Path) -> None:
        temp.write_bytes(b"%PDF")
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        write_through_temp(tmp_path / "out.pdf", interrupted)
    assert list(tmp_path.iterdir()) == []
