"""The window on the team library (issue 12): start-up, who writes, roles, approval between two windows, photos.

Every test runs the real session against the test run's PostgreSQL server
(``pg_server``), in a team database of its own module with a writer (an), an
approver (carla) and a register keeper (eva); each session has its own data
folder, as each colleague has their own computer, and the passwords sit in
an in-memory credential store.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from composer.core.house_style import HouseStyle
from composer.core.storage.postgres import credentials
from tests.helpers import team_db
from tests.helpers.drafts import TEXT, described_photo, ready_draft
from tests.helpers.images import flat_jpeg
from tests.helpers.team_db import TeamDb
from tests.ui_helpers import append, close, settle

#: The colleagues of this module's team: login → (password, roles).
PEOPLE = {"an_ui": ("an-ui-secret", ("writer",)), "carla_ui": ("carla-ui-secret", ("approver",)),
          "eva_ui": ("eva-ui-secret", ("register",))}
SIGN_OFF = "Tot in de bib!"


@pytest.fixture(scope="module")
def ui_team(pg_server) -> Iterator[TeamDb]:
    made = TeamDb(pg_server, team_db.make_team(pg_server, "window", PEOPLE), PEOPLE)
    yield made
    pg_server.drop_database(made.dbname)
    team_db.drop_logins(pg_server, PEOPLE)


@pytest.fixture
def team(ui_team, tmp_path) -> TeamDb:
    """The module's team database, emptied, with the approver's house style (approval required)."""
    team_db.empty_team(ui_team.server, ui_team.dbname)
    store = ui_team.store("carla_ui", tmp_path / "setup")
    store.set_setting("house_style", HouseStyle(sign_off=SIGN_OFF, review_required=True).to_dict())
    store.close()
    return ui_team


@pytest.fixture
def colleague(qapp, tmp_path, team, keys, messages):
    """``colleague(login)``: a session on a data folder of its own that joined the team as ``login``."""
    from composer.ui.app import Session

    sessions = []

    def _start(login: str, password: str | None = None, port: int | None = None, must_start: bool = True):
        data_dir = tmp_path / login
        settings = team.settings(login, port)
        credentials.save(data_dir, settings)
        keys.set_password(credentials.SERVICE, settings.keyring_name,
                          password if password is not None else PEOPLE[login][0])
        session = Session(qapp, data_dir, "en")
        sessions.append(session)
        session.started = session.start()
        if must_start:
            assert session.started, messages
        return session

    yield _start
    for session in sessions:
        close(session)


def test_the_window_starts_on_the_team_library_and_typing_reaches_the_server(colleague, team, tmp_path):
    an = colleague("an_ui")
    window = an.window
    assert window.store.access.user == "an_ui"
    assert window.author == "an_ui"  # the login, not a typed name: no name was asked
    assert window.team_label.text() == f"Team library: {team.dbname} on {team.server.host} — an_ui (writer)"
    assert not window.name_action.isEnabled()
    append(window.editor.current_edit(), "Nieuw in de bib")
    assert window.save_now()
    draft_id = window.current.id

    reader = team.store("carla_ui", tmp_path / "reader")
    try:
        stored = reader.get(draft_id)
    finally:
        reader.close()
    assert stored.text == "Nieuw in de bib"
    assert stored.created_by == stored.updated_by == "an_ui"
    assert not (an.data_dir / "composer.db").exists()  # the local library was never opened


def test_the_writers_draft_is_approved_in_the_approvers_window_and_then_exported(colleague, team, tmp_path,
                                                                                 qtbot):
    writer_store = team.store("an_ui", tmp_path / "an_ui")
    draft = ready_draft(writer_store, TEXT + f"\n\n{SIGN_OFF}", networks=("facebook", "instagram"))
    described_photo(writer_store, draft.id, flat_jpeg((900, 600), (200, 40, 40)))
    writer_store.close()
    an = colleague("an_ui")
    carla = colleague("carla_ui")
    assert an.window.current.id == draft.id

    assert not an.window.checklist.approve_button.isEnabled()
    assert "approver role" in an.window.checklist.approve_button.toolTip()
    an.window.approve()  # (as a click on the checklist's approval check does) a writer may not: said in the
    # rule's words, nothing recorded
    assert "only a colleague with the approver role approves a draft" in an.window.statusBar().currentMessage()
    assert an.window.store.get(draft.id).approved_by is None

    approver = carla.window
    approver.photos.view()  # (made once the window paints)
    settle()
    assert approver.store.get(draft.id).updated_by == "an_ui"  # opening a draft is no edit
    assert approver.drafts.model.waiting(draft.id)
    assert "Waiting for approval" in approver.drafts.model.data(approver.drafts.model.index(0))
    assert approver.current.id == draft.id
    assert approver.checklist.approve_button.text() == "Approve as carla_ui"
    settle()
    approver.approve()
    assert approver.current.approved_by == "carla_ui"
    assert approver.statusBar().currentMessage() == "Approved by carla_ui."
    assert not approver.drafts.model.waiting(draft.id)

    ui = an.window.export_ui
    out = tmp_path / "out"
    ui.choose_folder = lambda parent, done: done(str(out))
    ui.open_folder = lambda folder: None
    ui.export()
    qtbot.waitUntil(lambda: ui.message_box is not None, timeout=30_000)
    assert "exported" in ui.message_box.text().lower(), ui.message_box.text()
    (folder,) = out.iterdir()
    assert (folder / "instagram" / "01.jpg").is_file()


def test_a_colleagues_photo_is_fetched_for_its_thumbnail(colleague, team, tmp_path):
    from composer.core.photos.library import draft_photos, photo_path
    from composer.ui.photos.thumbnails import PROBLEM_ROLE

    writer_store = team.store("an_ui", tmp_path / "an_ui")
    draft = ready_draft(writer_store, TEXT, networks=("instagram",))
    described_photo(writer_store, draft.id, flat_jpeg((900, 600), (40, 200, 40)))
    writer_store.close()
    carla = colleague("carla_ui")
    (photo,) = draft_photos(carla.window.store, draft.id)
    view = carla.window.photos.view()  # (made once the window paints)
    settle()
    assert photo_path(carla.data_dir, photo.photo).is_file()  # fetched from the database into carla's folder
    assert view.strip.count() == 1
    assert view.strip.item(0).data(PROBLEM_ROLE) is None  # its real thumbnail, no stand-in


def test_a_writer_gets_no_register_keeper_actions(colleague, team):
    an = colleague("an_ui")
    register = an.window.open_register()
    for button in register.register_buttons():
        assert not button.isEnabled()
        assert "register keeper role" in button.toolTip()
    assert not an.window.house_style_action.isEnabled()
    assert "approver role" in an.window.house_style_action.toolTip()
    register.close()


def test_a_register_keeper_keeps_them_and_a_writer_sees_the_person_but_cannot_act(colleague, team):
    from composer.core.consent import add_person

    eva, an = colleague("eva_ui"), colleague("an_ui")
    person = add_person(eva.window.store, "Mira Janssens", "eva_ui", contact="mira@example.org")
    assert eva.window.team_label.text().endswith("eva_ui (writer, register keeper)")
    for window, may in ((eva.window, True), (an.window, False)):
        register = window.open_register()
        register.select_person(person.id)
        assert register.person is not None and register.person.name == "Mira Janssens"
        assert register.erase_button.isEnabled() is may
        assert register.consent_button.isEnabled() is may
        assert ("register keeper role" in register.erase_button.toolTip()) is not may
        assert ("mira@example.org" in register.pane.details.text()) is may  # writers never read contact details
        form = register.add_person()  # a writer adds a person by name only
        assert form.contact.isEnabled() is may and form.birth.isEnabled() is may
        form.close()
        register.close()


def test_a_wrong_password_at_start_up_asks_for_it_and_keeps_the_one_that_works(colleague, team, keys, messages,
                                                                               monkeypatch):
    from composer.ui import start_messages

    asked = []

    def ask_password(title: str, text: str) -> str:
        asked.append((title, text))
        return PEOPLE["an_ui"][0]

    monkeypatch.setattr(start_messages, "ask_password", ask_password)
    an = colleague("an_ui", password="not-her-password")
    assert len(asked) == 1
    title, text = asked[0]
    assert title == "Password for the team library"
    assert "refused the login an_ui" in text and "not-her-password" not in text
    assert keys.get_password(credentials.SERVICE, team.settings("an_ui").keyring_name) == PEOPLE["an_ui"][0]
    assert an.window.store.access.user == "an_ui"


def test_no_password_typed_means_no_window(colleague, monkeypatch):
    from composer.ui import start_messages

    monkeypatch.setattr(start_messages, "ask_password", lambda title, text: None)
    an = colleague("an_ui", password="wrong", must_start=False)
    assert not an.started and an.window is None


def test_an_unreachable_server_says_so_and_never_opens_the_local_file(colleague, messages):
    from tests.pg_server import free_port

    messages.answers["Post Composer cannot start"] = "quit"
    an = colleague("an_ui", port=free_port(), must_start=False)
    assert not an.started
    ((title, text),) = messages
    assert title == "Post Composer cannot start"
    assert "cannot be reached" in text
    assert not (an.data_dir / "composer.db").exists()


def test_try_again_after_the_server_came_back(colleague, team, messages, monkeypatch):
    """'Try again' tries again: here the first answer is Try again, and the server is back by then."""
    from composer.core.storage.postgres import opening

    real = opening.open_team
    calls = []

    def flaky(settings, password, data_dir):
        calls.append(settings)
        if len(calls) == 1:
            from composer.core.storage.errors import ServerUnreachable

            raise ServerUnreachable(data_dir / "team.json", "gone", server="x", user=settings.user)
        return real(settings, password, data_dir)

    monkeypatch.setattr(opening, "open_team", flaky)
    messages.answers["Post Composer cannot start"] = "retry"
    an = colleague("an_ui")
    assert len(calls) >= 2 and an.window is not None  # (then the window's own logins: saver, live reads)


def test_the_team_dialog_joins_and_leaves(qapp, qtbot, team, keys, start, data_dir):
    from composer.ui.settings.team_dialog import TeamDialog

    session = start()
    dialog = session.window.open_team_dialog()
    assert isinstance(dialog, TeamDialog)
    assert "uses its local library" in dialog.status.text()
    assert not dialog.leave_button.isEnabled()

    dialog.address.setText(team.settings("an_ui").url().replace("?sslmode=disable", "") + "?sslmode=disable")
    dialog.password.setText("wrong")
    dialog.join_button.click()
    qtbot.waitUntil(lambda: not dialog.working, timeout=20_000)
    assert "refused the login an_ui" in dialog.message.text()
    assert credentials.load(data_dir) is None

    dialog.password.setText(PEOPLE["an_ui"][0])
    with qtbot.waitSignal(dialog.changed, timeout=20_000):
        dialog.join_button.click()
    assert "now uses the team library" in dialog.message.text() and "(writer)" in dialog.message.text()
    assert "next start" in dialog.message.text()
    assert credentials.load(data_dir) == team.settings("an_ui")
    assert keys.get_password(credentials.SERVICE, team.settings("an_ui").keyring_name) == PEOPLE["an_ui"][0]
    assert "uses the team library" in dialog.status.text() and dialog.leave_button.isEnabled()

    with qtbot.waitSignal(dialog.changed):
        dialog.leave_button.click()
    assert credentials.load(data_dir) is None
    assert keys.passwords == {}
    assert "uses its local library" in dialog.status.text()
    dialog.close()


def test_the_local_librarys_start_up_loads_no_driver_and_no_credential_store(tmp_path):
    import os
    import subprocess
    import sys

    code = ("import sys\n"
            "from pathlib import Path\n"
            "from PySide6.QtWidgets import QApplication\n"
            "app = QApplication([])\n"
            "from composer.ui.app import Session\n"
            "session = Session(app, Path(sys.argv[1]), 'en')\n"
            "assert session.start()\n"
            "app.processEvents()\n"
            "loaded = sorted({m.split('.')[0] for m in sys.modules} & {'psycopg', 'keyring'})\n"
            "session.stop()\n"
            "print(loaded)\n")
    out = subprocess.run([sys.executable, "-c", code, str(tmp_path / "alone")], capture_output=True, text=True,
                         env={**os.environ, "QT_QPA_PLATFORM": "offscreen", "LANGUAGE": "en"}, timeout=120)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "[]"
