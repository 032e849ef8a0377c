"""``post-composer check``: the checklist on a text file or standard input, without a window."""

from __future__ import annotations

import io
import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from composer.cli import check_output, main, parser
from composer.cli.exit_codes import EXIT_BUG
from composer.core.checklist import CheckContext, run_checks
from composer.core.drafts.draft import AUDIENCES, PURPOSES, Draft
from composer.core.house_style import HouseStyle
from composer.core.networks.facts import NETWORKS
from composer.core.storage.store import Store

PROJECT_ROOT = Path(__file__).resolve().parents[2]
ENV = {**os.environ, "LANGUAGE": "en", "PYTHONIOENCODING": "utf-8"}
ENV.pop("PYTHONUTF8", None)

FINE = ("We hebben een prachtig nieuw boek over de geschiedenis van onze stad in de collectie. "
        "Kom het gerust bekijken in de leeszaal! Wat vind jij ervan?")
ALLOWED_KEYS = {"id", "status", "message", "guideline", "network", "ranges"}
STATUSES = {"pass", "warn", "fail", "todo", "n/a"}


def cli(*args: str, input: str | bytes | None = None, env: dict | None = None) -> subprocess.CompletedProcess:
    """Run the real command in a fresh interpreter; stdout and stderr as text."""
    data = input.encode("utf-8") if isinstance(input, str) else input
    result = subprocess.run([sys.executable, "-m", "composer", "check", *args], cwd=PROJECT_ROOT,
                            input=data if data is not None else b"", capture_output=True,
                            env=env or ENV, timeout=120)
    result.stdout = result.stdout.decode("utf-8")
    result.stderr = result.stderr.decode("utf-8")
    return result


def text_file(tmp_path: Path, text: str | bytes, name: str = "post.txt") -> Path:
    path = tmp_path / name
    if isinstance(text, str):
        path.write_text(text, encoding="utf-8", newline="")
    else:
        path.write_bytes(text)
    return path


def checks_of(result) -> dict:
    data = json.loads(result.stdout)
    assert set(data) == {"checks", "blocking"}
    return data


def by_id(data: dict, check_id: str, network: str | None = None) -> list[dict]:
    return [c for c in data["checks"] if c["id"] == check_id and (network is None or c.get("network") == network)]


# --- exit status and output ---------------------------------------------------------


def test_too_long_for_x_blocks_export(tmp_path):
    result = cli(str(text_file(tmp_path, "a" * 300)), "--network", "x", "--json")
    assert result.returncode == 1, result.stderr
    data = checks_of(result)
    assert "length" in data["blocking"]
    [length] = by_id(data, "length", "x")
    assert length["status"] == "fail"
    assert length["ranges"] == [[280, 300]]
    assert {c.get("network") for c in data["checks"] if c["id"] == "length"} == {"x"}


def test_a_fine_post_with_purpose_and_audience_on_mastodon_passes(tmp_path):
    result = cli(str(text_file(tmp_path, FINE)), "--network", "mastodon", "--purpose", "acquisition",
                 "--audience", "general_public")
    assert result.returncode == 0, result.stdout + result.stderr
    lines = result.stdout.splitlines()
    assert "export blocked" not in lines[0]
    assert any(line.startswith("✔ [pass]") and "Mastodon" in line for line in lines[1:])
    assert not any("✘" in line for line in lines)
    assert result.stderr == ""


def test_plain_output_reads_like_a_list(tmp_path):
    result = cli(str(text_file(tmp_path, "a" * 300)), "--network", "x")
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    # The summary line first, as over the window's checklist.
    assert lines[0].startswith("2 to answer")
    assert "export blocked: X: 20 characters too long" in lines[0]
    assert "? [todo] Why this post? Choose a purpose." in lines
    assert "✘ [fail] X: 20 characters too long." in lines
    # n/a checks only with --all
    assert not any(line.startswith("–") for line in lines)
    everything = cli(str(text_file(tmp_path, "a" * 300)), "--network", "x", "--all").stdout.splitlines()
    assert any(line.startswith("– [n/a]") for line in everything)
    assert len(everything) > len(lines)


def test_plain_output_names_the_network_when_the_message_does_not():
    from composer.core.checklist import Check, Status

    lines = check_output.plain_lines([Check("links", Status.WARN, "Links are not clickable here.", "platforms",
                                         "instagram"),
                                   Check("length", Status.FAIL, "X: 3 characters too long.", "platforms", "x")])
    assert lines[1] == "! [warn] Instagram: Links are not clickable here."
    assert lines[2] == "✘ [fail] X: 3 characters too long."


def test_json_is_exactly_the_checks_and_what_blocks(tmp_path):
    text = "Geachte, hierbij melden wij dat de bib HELAAS GESLOTEN is!!!!! " + "x" * 300
    result = cli(str(text_file(tmp_path, text)), "--json")
    data = checks_of(result)
    expected = run_checks(Draft(text=text, networks=NETWORKS), CheckContext())
    assert [c["id"] for c in data["checks"]] == [c.id for c in expected]
    for item, check in zip(data["checks"], expected, strict=True):
        assert list(item)[:4] == ["id", "status", "message", "guideline"]
        assert set(item) <= ALLOWED_KEYS
        assert item["status"] in STATUSES and item["status"] == check.status.value
        assert item["message"] == check.message
        assert ("network" in item) == bool(check.network)
        assert ("ranges" in item) == bool(check.ranges)
        if "ranges" in item:
            assert item["ranges"] == [list(r) for r in check.ranges]
    assert data["blocking"] == list(dict.fromkeys(c.id for c in expected if c.blocks_export))
    assert len(data["blocking"]) == len(set(data["blocking"]))
    assert result.returncode == (1 if data["blocking"] else 0)


def test_every_network_by_default(tmp_path):
    data = checks_of(cli(str(text_file(tmp_path, FINE)), "--json"))
    assert [c["network"] for c in data["checks"] if c["id"] == "length"] == list(NETWORKS)


def test_networks_repeat_and_ignore_case(tmp_path):
    data = checks_of(cli(str(text_file(tmp_path, FINE)), "--json", "--network", "Bluesky", "--network", "X",
                         "--network", "x"))
    assert [c["network"] for c in data["checks"] if c["id"] == "length"] == ["x", "bluesky"]


# --- input ------------------------------------------------------------------------


def test_standard_input(tmp_path):
    piped = cli("--network", "x", "--json", input="a" * 300)
    dashed = cli("-", "--network", "x", "--json", input="a" * 300)
    from_file = cli(str(text_file(tmp_path, "a" * 300)), "--network", "x", "--json")
    assert piped.returncode == dashed.returncode == from_file.returncode == 1
    assert piped.stdout == dashed.stdout == from_file.stdout


def test_standard_input_in_process(monkeypatch, capsys):
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(("b" * 290).encode()), encoding="utf-8"))
    assert main(["check", "--network", "x", "--json"]) == 1
    assert json.loads(capsys.readouterr().out)["blocking"] == ["length"]


def test_a_bom_and_the_final_line_end_are_not_part_of_the_post(tmp_path):
    plain = checks_of(cli(str(text_file(tmp_path, "a" * 280)), "--network", "x", "--json"))
    bom = cli(str(text_file(tmp_path, "\ufeff" + "a" * 280 + "\r\n", "bom.txt")), "--network", "x", "--json")
    assert bom.returncode == 0
    assert checks_of(bom) == plain
    assert by_id(plain, "length", "x")[0]["status"] == "pass"


def test_windows_line_ends_count_as_one(tmp_path):
    text = "\r\n".join(["a" * 69] * 4)  # 279 with \n, 282 with \r\n
    result = cli(str(text_file(tmp_path, text)), "--network", "x", "--json")
    assert by_id(checks_of(result), "length", "x")[0]["status"] == "pass"


@pytest.mark.parametrize("text", [
    "Hallo\x00wereld, wij openen\x00vandaag! Kom je?",
    "\x00" * 50,
    "مرحبا بكم في مكتبتنا! Welkom in onze bibliotheek. שלום 📚",
    "Cafe\u0301 " + "e" + "\u0301\u0302\u0303\u0304\u0308" * 200 + " z\u0336a\u0336l\u0336g\u0336o\u0336",
    "👨‍👩‍👧‍👦" * 100 + "🏳️‍🌈🧑🏽‍🚀" * 50 + " Onze familiedag!",
    "\u202eTekst van rechts naar links\u202c \u2067isolaat\u2069 \u200f",
    "",
])
def test_awkward_text_does_not_break_the_command(tmp_path, text):
    for args in (["--json"], [], ["--all"]):
        result = cli(str(text_file(tmp_path, text)), *args)
        assert result.returncode in (0, 1), result.stderr
        assert result.stderr == ""
        assert "\x00" not in result.stdout
    data = checks_of(cli(str(text_file(tmp_path, text)), "--json"))
    for item in data["checks"]:
        for start, end in item.get("ranges", []):
            assert 0 <= start <= end <= len(text)


def test_a_huge_paste(tmp_path):
    result = cli(str(text_file(tmp_path, "Wij lezen graag. " * 60_000)), "--json")  # about 1 MB
    assert result.returncode == 1
    assert "length" in checks_of(result)["blocking"]


# --- usage errors: exit status 2, and a sentence that says what is wrong -----------------


def test_unknown_network(tmp_path):
    result = cli(str(text_file(tmp_path, FINE)), "--network", "myspace")
    assert result.returncode == 2
    assert result.stdout == ""
    assert "myspace" in result.stderr
    assert all(key in result.stderr for key in NETWORKS)
    assert "Traceback" not in result.stderr


def test_unknown_purpose_and_audience(tmp_path):
    path = str(text_file(tmp_path, FINE))
    purpose = cli(path, "--purpose", "marketing")
    assert purpose.returncode == 2
    assert "marketing" in purpose.stderr and all(key in purpose.stderr for key in PURPOSES)
    audience = cli(path, "--audience", "aliens")
    assert audience.returncode == 2
    assert "aliens" in audience.stderr and all(key in audience.stderr for key in AUDIENCES)


def test_the_house_styles_own_audience_is_known(tmp_path):
    style = tmp_path / "style.json"
    style.write_text(HouseStyle(audiences=("teachers",)).to_json(), encoding="utf-8")
    path = str(text_file(tmp_path, FINE))
    assert cli(path, "--audience", "teachers").returncode == 2
    result = cli(path, "--audience", "teachers", "--house-style", str(style), "--json")
    assert result.returncode == 0, result.stderr
    assert by_id(checks_of(result), "audience")[0]["status"] == "pass"


def test_a_missing_file(tmp_path):
    missing = tmp_path / "nowhere.txt"
    result = cli(str(missing))
    assert result.returncode == 2
    assert str(missing) in result.stderr
    assert "no such file" in result.stderr
    assert result.stdout == ""


def test_a_folder_is_not_a_text_file(tmp_path):
    result = cli(str(tmp_path))
    assert result.returncode == 2
    assert str(tmp_path) in result.stderr and "folder" in result.stderr


@pytest.mark.skipif(os.name == "nt" or os.geteuid() == 0, reason="root reads every file")
def test_an_unreadable_file(tmp_path):
    path = text_file(tmp_path, FINE)
    path.chmod(0)
    try:
        result = cli(str(path))
    finally:
        path.chmod(0o600)
    assert result.returncode == 2
    assert str(path) in result.stderr and "permission" in result.stderr


def test_invalid_utf8(tmp_path):
    path = text_file(tmp_path, "Caf\xe9 in de bib".encode("latin-1"), "latin1.txt")
    result = cli(str(path))
    assert result.returncode == 2
    assert str(path) in result.stderr
    assert "UTF-8" in result.stderr
    assert "position 3" in result.stderr
    assert "Traceback" not in result.stderr
    piped = cli(input=b"\xed\xa0\x80 an encoded lone surrogate")
    assert piped.returncode == 2
    assert "standard input" in piped.stderr and "UTF-8" in piped.stderr


def test_argparse_errors_exit_2(tmp_path):
    assert cli("--language", "fr").returncode == 2
    assert cli("--no-such-option").returncode == 2
    assert cli(str(text_file(tmp_path, FINE)), "another.txt").returncode == 2


def test_a_broken_check_is_not_mistaken_for_a_blocked_export(tmp_path, monkeypatch, capsys):
    def broken(*args, **kwargs):
        raise RuntimeError("a bug")

    monkeypatch.setattr("composer.core.checklist.run_checks", broken)
    assert main(["check", str(text_file(tmp_path, FINE))]) == EXIT_BUG
    assert "RuntimeError: a bug" in capsys.readouterr().err


# --- house style ------------------------------------------------------------------------


def test_a_house_style_file_that_is_not_json(tmp_path):
    style = tmp_path / "style.json"
    style.write_text("{library_name: 'KBR'", encoding="utf-8")
    result = cli(str(text_file(tmp_path, FINE)), "--house-style", str(style))
    assert result.returncode == 2
    assert str(style) in result.stderr and "JSON" in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize("content", [b'{"emoji_limit": -1}', b'{"colour": "red"}', b'["KBR"]', b"\xff\xfe{}"])
def test_a_house_style_file_that_is_not_usable(tmp_path, content):
    style = tmp_path / "style.json"
    style.write_bytes(content)
    result = cli(str(text_file(tmp_path, FINE)), "--house-style", str(style))
    assert result.returncode == 2
    assert str(style) in result.stderr
    assert cli(str(text_file(tmp_path, FINE)), "--house-style", str(tmp_path / "none.json")).returncode == 2


def test_a_house_style_file_is_applied(tmp_path):
    style = tmp_path / "style.json"
    style.write_text(HouseStyle(forbidden_words=("bieb",)).to_json(), encoding="utf-8")
    path = str(text_file(tmp_path, "Kom naar de bieb! " + FINE))
    without = by_id(checks_of(cli(path, "--json")), "house_style")
    with_style = by_id(checks_of(cli(path, "--json", "--house-style", str(style))), "house_style")
    assert [c["status"] for c in without] == ["n/a"]
    assert "warn" in [c["status"] for c in with_style]


def test_the_house_style_saved_in_the_data_folder(tmp_path, data_dir):
    store = Store.open(data_dir)
    store.set_setting("house_style", HouseStyle(forbidden_words=("bieb",), audiences=("teachers",)).to_dict())
    store.close()
    db = data_dir / "composer.db"
    before = (db.read_bytes(), sorted(p.name for p in data_dir.iterdir()))
    path = str(text_file(tmp_path, "Kom naar de bieb! " + FINE))
    result = cli(path, "--json", "--audience", "teachers", "--data-dir", str(data_dir))
    assert result.returncode == 0, result.stderr
    assert "warn" in [c["status"] for c in by_id(checks_of(result), "house_style")]
    # also given before the command, as for the window
    flipped = subprocess.run([sys.executable, "-m", "composer", "--data-dir", str(data_dir), "check", path, "--json",
                              "--audience", "teachers"], capture_output=True, text=True, env=ENV, timeout=120,
                             encoding="utf-8")
    assert flipped.returncode == 0, flipped.stderr
    assert json.loads(flipped.stdout) == checks_of(result)
    # read, never changed
    assert (db.read_bytes(), sorted(p.name for p in data_dir.iterdir())) == before


def test_a_house_style_file_wins_over_the_saved_one(tmp_path, data_dir):
    store = Store.open(data_dir)
    store.set_setting("house_style", HouseStyle(forbidden_words=("bieb",)).to_dict())
    store.close()
    style = tmp_path / "style.json"
    style.write_text(HouseStyle().to_json(), encoding="utf-8")
    path = str(text_file(tmp_path, "Kom naar de bieb! " + FINE))
    data = checks_of(cli(path, "--json", "--data-dir", str(data_dir), "--house-style", str(style)))
    assert [c["status"] for c in by_id(data, "house_style")] == ["n/a"]


def test_no_database_is_created(tmp_path):
    empty = tmp_path / "empty"
    result = cli(str(text_file(tmp_path, FINE)), "--data-dir", str(empty))
    assert result.returncode == 0, result.stderr
    assert not empty.exists()


def test_an_old_database_is_not_migrated(tmp_path, data_dir):
    data_dir.mkdir()
    conn = sqlite3.connect(data_dir / "composer.db")
    conn.execute("CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL)")
    conn.execute("INSERT INTO settings VALUES ('house_style', ?)", [json.dumps({"forbidden_words": ["bieb"]})])
    conn.commit()
    conn.close()
    result = cli(str(text_file(tmp_path, "Kom naar de bieb! " + FINE)), "--json", "--data-dir", str(data_dir))
    assert result.returncode == 0, result.stderr
    assert "warn" in [c["status"] for c in by_id(checks_of(result), "house_style")]
    conn = sqlite3.connect(data_dir / "composer.db")
    assert [name for (name,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")] == ["settings"]
    conn.close()


@pytest.mark.parametrize("stored", ['{"emoji_limit": "many"}', "not JSON at all"])
def test_a_saved_house_style_that_is_not_usable(tmp_path, data_dir, stored):
    Store.open(data_dir).close()
    conn = sqlite3.connect(data_dir / "composer.db")
    conn.execute("INSERT INTO settings VALUES ('house_style', ?)", [stored])
    conn.commit()
    conn.close()
    result = cli(str(text_file(tmp_path, FINE)), "--data-dir", str(data_dir))
    assert result.returncode == 2
    assert str(data_dir) in result.stderr and "Traceback" not in result.stderr


def test_a_database_that_is_not_one(tmp_path, data_dir):
    data_dir.mkdir()
    (data_dir / "composer.db").write_bytes(b"this is not a database" * 100)
    result = cli(str(text_file(tmp_path, FINE)), "--data-dir", str(data_dir))
    assert result.returncode == 2
    assert "composer.db" in result.stderr and "Traceback" not in result.stderr


# --- language and terminals -----------------------------------------------------------------


def test_dutch_with_language_nl(tmp_path):
    result = cli(str(text_file(tmp_path, FINE)), "--language", "nl")
    assert "Waarom dit bericht? Kies een doel." in result.stdout
    assert "Voor wie is dit bericht? Kies een doelgroep." in result.stdout


def test_dutch_on_a_dutch_system_and_english_when_asked(tmp_path):
    path = str(text_file(tmp_path, FINE))
    dutch = {**ENV, "LANGUAGE": "nl_BE:nl"}
    assert "Waarom dit bericht? Kies een doel." in cli(path, env=dutch).stdout
    english = cli(path, "--language", "en", env=dutch).stdout
    assert "Why this post? Choose a purpose." in english
    assert "Waarom" not in english


def test_json_in_dutch_keeps_its_keys_and_statuses(tmp_path):
    data = checks_of(cli(str(text_file(tmp_path, "a" * 300)), "--json", "--language", "nl", "--network", "x"))
    assert by_id(data, "purpose")[0] == {"id": "purpose", "status": "todo",
                                         "message": "Waarom dit bericht? Kies een doel.",
                                         "guideline": "conclusions"}
    assert data["blocking"] == ["length"]


def test_a_terminal_without_unicode_gets_ascii(tmp_path):
    text = "a" * 300 + " Caf\u00e9 📚"
    result = cli(str(text_file(tmp_path, text)), "--network", "x", "--all",
                 env={**ENV, "PYTHONIOENCODING": "ascii"})
    assert result.returncode == 1, result.stderr
    assert result.stdout.isascii()
    lines = result.stdout.splitlines()
    assert "x [fail] X: 28 characters too long."  # the emoji weighs 2 in lines
    assert any(line.startswith("- [n/a]") for line in lines)
    as_json = cli(str(text_file(tmp_path, text)), "--json", env={**ENV, "PYTHONIOENCODING": "ascii"})
    assert as_json.stdout.isascii()
    assert json.loads(as_json.stdout) == checks_of(cli(str(text_file(tmp_path, text)), "--json"))


def test_ascii_fallback_in_process():
    from composer.core.checklist import Check, Status

    out = io.TextIOWrapper(io.BytesIO(), encoding="ascii")
    check_output.write_plain([Check("tone", Status.WARN, "Te veel “uitroeptekens” – rustig aan…", "3"),
                           Check("length", Status.PASS, "X: 1 of 280 characters.", "platforms", "x")], out)
    out.flush()
    text = out.buffer.getvalue().decode("ascii")
    assert '! [warn] Te veel "uitroeptekens" - rustig aan...' in text
    assert "+ [pass] X: 1 of 280 characters." in text


# --- the window still starts as before, and check never loads Qt ----------------------------


def test_without_a_command_the_window_options_still_parse(tmp_path):
    assert parser().parse_args([]).command is None
    args = parser().parse_args(["--data-dir", str(tmp_path), "--language", "nl"])
    assert (args.command, args.data_dir, args.language) == (None, tmp_path, "nl")
    args = parser().parse_args(["--data-dir", str(tmp_path), "--language", "nl", "check", "x.txt"])
    assert (args.command, args.data_dir, args.language, args.file) == ("check", tmp_path, "nl", "x.txt")
    args = parser().parse_args(["check", "--data-dir", str(tmp_path), "--language", "en"])
    assert (args.data_dir, args.language, args.file) == (tmp_path, "en", "-")


def test_check_does_not_load_qt(tmp_path):
    path = text_file(tmp_path, "a" * 300)
    code = ("import sys\n"
            "from composer.cli import main\n"
            f"status = main(['check', {str(path)!r}, '--json'])\n"
            "try:\n"
            "    main(['check', '--help'])\n"
            "except SystemExit:\n"
            "    pass\n"
            "print('QT:' + ','.join(sorted(m for m in sys.modules if m.startswith('PySide6'))), file=sys.stderr)\n"
            "raise SystemExit(status)\n")
    result = subprocess.run([sys.executable, "-c", code], cwd=PROJECT_ROOT, capture_output=True, text=True,
                            env=ENV, timeout=120, encoding="utf-8")
    assert result.returncode == 1, result.stderr
    assert result.stderr.strip().splitlines()[-1] == "QT:"
    assert '"blocking": ["length"]' in result.stdout


def test_the_check_measures_the_text_with_what_export_adds(tmp_path):
    """Issue 9 points 1 and 2: a post that fits as typed but not with the sign-off is blocked, and the
    house-style check says the sign-off is added instead of asking to type it."""
    style = tmp_path / "style.json"
    style.write_text(HouseStyle(sign_off="Tot in de bib! Meer op https://bib.example.be",
                                required_hashtags={"*": ("#bibliotheek",)}).to_json(), "utf-8")
    text = "Kom kijken naar de nieuwe tentoonstelling in de leeszaal. " * 4 + "Welkom!"  # 239 of X's 280
    assert count_x(text) <= 280
    result = cli(str(text_file(tmp_path, text)), "--json", "--network", "x", "--house-style", str(style))
    assert result.returncode == 1
    data = checks_of(result)
    [length] = by_id(data, "length", "x")
    assert length["status"] == "fail" and "export adds" in length["message"]
    [house] = by_id(data, "house_style")
    assert house["status"] == "pass" and "Tot in de bib!" in house["message"] and "export adds" in house["message"]


def count_x(text: str) -> int:
    from composer.core.networks.counting import count

    return count("x", text).length
