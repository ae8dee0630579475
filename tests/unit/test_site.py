"""The clinic's site file: set once by IT, locks honoured, damaged or hostile files reported."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from handbook import paths
from handbook.cli import main
from handbook.clinicprofile import DEFAULT, SITE, SITE_LOCKED, USER, apply_user_choice, resolve
from handbook.selfcheck import _run_check, clinic_check
from handbook.sitefile import check_logo, read_site
from handbook.userdata import Settings
from tests.helpers import png

SVG = (
    '<svg xmlns="http://www.w3.org/2000/svg" width="240" height="80">'
    '<rect width="80" height="80" fill="#000"/></svg>'
)


@pytest.fixture()
def site_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "install"
    folder.mkdir()
    monkeypatch.setattr(paths, "site_dir", lambda: folder)
    return folder


def write_site(folder: Path, data: Any) -> Path:
    path = folder / "site.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


GOOD = {
    "format": 1,
    "managed_by": "Haematology IT, ext 4321",
    "clinic": {
        "name": "Day Unit",
        "urgent_phone": "0161 496 0000",
        "emergency_number": "999",
        "paper": "a4",
        "large_print": True,
        "logo": "logo.svg",
    },
    "locked": ["name", "urgent_phone"],
}


def test_site_values_apply_and_locks_beat_the_users_settings(site_dir: Path) -> None:
    (site_dir / "logo.svg").write_text(SVG)
    site = read_site(write_site(site_dir, GOOD))
    assert site.problems == [] and site.locked == {"name", "urgent_phone"}
    settings = Settings(clinic_name="Mine", clinic_phone="1", paper="letter", clinic_own=["paper"])
    resolved = resolve(settings, site, "GB")
    assert resolved.profile.name == "Day Unit" and resolved.sources["name"] == SITE_LOCKED
    assert resolved.profile.urgent_phone == "0161 496 0000"
    assert resolved.profile.paper == "letter" and resolved.sources["paper"] == USER
    assert resolved.profile.large_print and resolved.sources["large_print"] == SITE
    assert resolved.sources["department"] == DEFAULT
    assert resolved.profile.logo is not None and resolved.profile.logo.width == 240
    assert "Haematology IT, ext 4321" in resolved.who_sets()
    # The user's own choice differs from the site's only where they changed it.
    refused = apply_user_choice(
        settings, site, {"name": "Other", "large_print": False, "emergency_number": "999"}
    )
    assert refused == ["name"] and settings.clinic_name == "Mine"
    assert "large_print" in settings.clinic_own and "emergency_number" not in settings.clinic_own
    assert resolve(settings, site, "GB").profile.large_print is False


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        ({"clinic": {"name": 7}}, "Clinic name (name) must be text, not int"),
        ({"clinic": {"paper": "a3"}}, "must be one of auto, a4, letter"),
        ({"clinic": {"large_print": "yes"}}, "must be true or false"),
        ({"clinic": {"urgent_phone": "call us"}}, "'call us' has no digits"),
        ({"clinic": {"name": "x" * 500}}, "500 characters long"),
        ({"clinic": {"logo": "../outside.svg"}}, "is outside the install folder"),
        ({"clinic": {"logo": "/etc/passwd"}}, "must be a file name in"),
        ({"clinic": {"logo": "missing.png"}}, "the logo"),
        ({"clinic": {"colour": "red"}}, "unknown clinic field 'colour'"),
        ({"locked": "name"}, "locked must be a list"),
        ({"locked": ["everything"]}, "cannot lock unknown field 'everything'"),
        ({"clinic": []}, "clinic must be an object"),
        ([1, 2], "does not hold an object"),
    ],
)
def test_damaged_values_are_named_and_the_rest_is_used(
    site_dir: Path, data: Any, expected: str
) -> None:
    if isinstance(data, dict):
        data = {**data, "clinic": data.get("clinic", {"department": "Haematology"})}
        if isinstance(data["clinic"], dict):
            data["clinic"].setdefault("department", "Haematology")
    site = read_site(write_site(site_dir, data))
    assert any(expected in problem for problem in site.problems), site.problems
    if isinstance(data, dict) and isinstance(data["clinic"], dict):
        assert site.values["department"] == "Haematology"  # the valid value still applies


def test_huge_deep_and_garbage_files_are_refused_without_reading_them_whole(
    site_dir: Path,
) -> None:
    path = site_dir / "site.json"
    path.write_bytes(b" " * (200 * 1024))
    assert "more than such a file can be" in read_site(path).problems[0]
    path.write_text('{"clinic": {"name": [[[[["deep"]]]]]}}')
    assert "nested far too deeply" in read_site(path).problems[0]
    path.write_bytes(b"\xff\xfe garbage")
    assert "not UTF-8" in read_site(path).problems[0]
    (site_dir / "site.json").unlink()
    (site_dir / "site.json").mkdir()
    assert "a folder is in its place" in read_site(path).problems[0]


def test_logos_must_be_real_small_images(tmp_path: Path) -> None:
    good = tmp_path / "logo.png"
    good.write_bytes(png(300, 100))
    assert (check_logo(good).width, check_logo(good).height) == (300, 100)
    cases = {
        "fake.png": (b"GIF89a not a png", "is not a PNG image"),
        "huge.png": (png(5000, 10), "5000×10 pixels"),
        "text.svg": (b"hello", "is not an SVG image"),
        "bomb.svg": (b'<!DOCTYPE svg [<!ENTITY a "aaaa">]><svg>&a;</svg>', "DOCTYPE"),
        "remote.svg": (
            b'<svg xmlns="http://www.w3.org/2000/svg" xmlns:x="http://www.w3.org/1999/xlink">'
            b'<image x:href="file:///etc/passwd"/></svg>',
            "refers to another file",
        ),
        "script.svg": (
            b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
            "scripts",
        ),
        "logo.gif": (b"GIF89a", "must be an SVG or PNG"),
        "big.svg": (b"<svg>" + b" " * (2 << 20) + b"</svg>", "at most 1024 KB"),
    }
    for name, (data, expected) in cases.items():
        path = tmp_path / name
        path.write_bytes(data)
        with pytest.raises(ValueError, match=expected):
            check_logo(path)


def run_cli(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(["clinic", *args])
    out, err = capsys.readouterr()
    return code, out, err


def test_clinic_commands_set_show_export_import(
    site_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    logo = tmp_path / "art" / "our-logo.png"
    logo.parent.mkdir()
    logo.write_bytes(png(120, 40))
    code, out, err = run_cli(
        capsys,
        "set",
        "name=Day Unit",
        "urgent_phone=0161 496 0000",
        f"logo={logo}",
        "large_print=yes",
        "--lock",
        "name",
        "urgent_phone",
        "--managed-by",
        "IT desk",
    )
    assert code == 0, err
    site = json.loads((site_dir / "site.json").read_text())
    assert site["clinic"]["logo"] == "our-logo.png" and (site_dir / "our-logo.png").is_file()
    assert site["locked"] == ["name", "urgent_phone"] and site["clinic"]["large_print"] is True
    code, out, err = run_cli(capsys, "set", "--user", "name=Mine")
    assert code == 2 and "name locked by the site file" in err and "IT desk" in err
    assert run_cli(capsys, "set", "--user", "department=Haematology")[0] == 0
    code, out, _ = run_cli(capsys, "show", "--json")
    shown = json.loads(out)
    assert shown["fields"]["name"] == {"value": "Day Unit", "source": SITE_LOCKED}
    assert shown["fields"]["department"] == {"value": "Haematology", "source": USER}
    code, out, _ = run_cli(capsys, "show")
    assert "Managed by: IT desk" in out and "[site (locked)]" in out
    exported = tmp_path / "usb" / "site.json"
    assert run_cli(capsys, "export", str(exported))[0] == 0
    assert (exported.parent / "our-logo.png").is_file()
    assert run_cli(capsys, "export", str(exported))[0] == 2  # not replaced without --force
    # Another workstation: the exported file installs as its site file, logo and locks too.
    other = tmp_path / "other-install"
    other.mkdir()
    paths_site = paths.site_dir
    try:
        paths.site_dir = lambda: other  # type: ignore[assignment]
        code, out, err = run_cli(capsys, "import", str(exported))
        assert code == 0, err
        installed = read_site(other / "site.json")
        assert installed.values["name"] == "Day Unit" and installed.locked == {
            "name",
            "urgent_phone",
        }
        assert (other / "our-logo.png").is_file()
    finally:
        paths.site_dir = paths_site  # type: ignore[assignment]


def test_bad_input_to_the_clinic_commands_changes_nothing(
    site_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = run_cli(capsys, "set", "colour=red")
    assert code == 2 and "'colour=red' is not FIELD=VALUE" in err
    code, _, err = run_cli(capsys, "set", "urgent_phone=ring us")
    assert code == 2 and "Urgent phone (24 hours) (urgent_phone) 'ring us' has no digits" in err
    fake = tmp_path / "logo.png"
    fake.write_text("not an image")
    code, _, err = run_cli(capsys, "set", f"logo={fake}")
    assert code == 2 and "is not a PNG image" in err
    hostile = tmp_path / "hostile.json"
    hostile.write_text(json.dumps({"clinic": {"name": 1, "logo": "../../etc/passwd"}}))
    code, _, err = run_cli(capsys, "import", str(hostile))
    assert code == 2 and "was not imported" in err and "outside" in err
    assert not (site_dir / "site.json").exists()


def test_check_says_where_the_details_come_from_and_warns_without_an_urgent_number(
    site_dir: Path,
) -> None:
    line = clinic_check()
    assert "no site file at" in line and "WARNING: no urgent phone number" in line
    write_site(site_dir, GOOD | {"clinic": {"name": "Day Unit", "urgent_phone": "0161 496 0000"}})
    line = clinic_check()
    assert "from the site file" in line and "locked: clinic name" in line
    assert "WARNING" not in line
    write_site(site_dir, {"clinic": {"paper": 3}})
    _name, passed, figure = _run_check("clinic details", clinic_check)
    assert not passed and "Paper (paper) must be text, not int" in figure


def test_the_site_file_names_the_watched_folder_for_everyone(tmp_path: Path) -> None:
    from handbook.editions.watch import watch_folder_setting
    from handbook.sitefile import site_json

    site = tmp_path / "site.json"
    drop = tmp_path / "usb stick"
    site.write_text(site_json({}, set(), "IT", str(drop)), encoding="utf-8")
    assert read_site(site).watch_folder == str(drop)
    site.write_text(json.dumps({"watch_folder": "relative/folder"}), encoding="utf-8")
    checked = read_site(site)
    assert checked.watch_folder == ""
    assert any("watch_folder must be one absolute folder path" in p for p in checked.problems)
    site.write_text(site_json({}, set(), "IT", str(drop)), encoding="utf-8")
    import handbook.sitefile as sitefile

    original = sitefile.read_site
    try:
        sitefile.read_site = lambda path=None: original(site)  # type: ignore[assignment]
        assert watch_folder_setting(tmp_path / "user") == drop
    finally:
        sitefile.read_site = original
