"""The plans folder is the boundary: links out of it or to nothing are problems at file:line, and
nothing outside it (an absolute path, a foreign file's keys) reaches a public endpoint."""

import shutil
from pathlib import Path

import pytest

from recommender.app import create_app
from recommender.catalogue import DEFAULT_PLANS, CatalogueError, load_catalogue
from recommender.catalogue.load import read_plan_sources
from recommender.catalogue.yamlsource import MAX_BYTES, TOO_MANY_VALUES, Problem, parse
from tests.paths import ROOT


@pytest.fixture
def plans(tmp_path: Path) -> Path:
    shutil.copytree(DEFAULT_PLANS, tmp_path / "plans")
    (tmp_path / "seeds").mkdir()
    shutil.copy(ROOT / "seeds" / "facts.yaml", tmp_path / "seeds" / "facts.yaml")
    return tmp_path / "plans"


def _problems(path: Path) -> list[str]:
    with pytest.raises(CatalogueError) as caught:
        load_catalogue(path)
    return [str(p) for p in caught.value.problems]


def test_a_link_out_of_the_folder_is_not_read(plans: Path, tmp_path: Path) -> None:
    foreign = tmp_path / "elsewhere" / "secret.yaml"
    foreign.parent.mkdir()
    foreign.write_text("API_KEY: hunter2\n", encoding="utf-8")
    (plans / "zz-link.yaml").symlink_to(foreign)
    assert _problems(plans) == [f"{plans / 'zz-link.yaml'}:1: symbolic link leads outside the plans folder (not read)"]


def test_a_dangling_link_is_a_problem(plans: Path) -> None:
    (plans / "gone.yaml").symlink_to(plans / "never-there.yaml")
    assert _problems(plans) == [f"{plans / 'gone.yaml'}:1: symbolic link to a file that does not exist"]


def test_a_link_inside_the_folder_is_read(plans: Path) -> None:
    (plans / "china-mobile.yaml").rename(plans / "cm.txt")
    (plans / "china-mobile.yaml").symlink_to(plans / "cm.txt")
    assert load_catalogue(plans).version == load_catalogue(DEFAULT_PLANS).version


def test_readyz_shows_no_absolute_path_nor_foreign_keys(plans: Path, tmp_path: Path) -> None:
    app = create_app({"TESTING": True, "RECOMMENDER_PLANS": str(plans), "RECOMMENDER_WATCH_INTERVAL_S": 0})
    foreign = tmp_path / "outside.yaml"
    foreign.write_text("SECRET_KEY: x\n", encoding="utf-8")
    (plans / "zz.yaml").symlink_to(foreign)
    app.extensions["recommender.store"].reload()
    body = app.test_client().get("/readyz").get_data(as_text=True)
    assert "plans/zz.yaml:1: symbolic link leads outside" in body
    assert str(tmp_path) not in body and "SECRET_KEY" not in body


def test_a_missing_plans_folder_is_named_as_given_without_the_folders_above(tmp_path: Path) -> None:
    app = create_app({"TESTING": True, "RECOMMENDER_PLANS": str(tmp_path / "nope" / "plans"),
                      "RECOMMENDER_WATCH_INTERVAL_S": 0})
    body = app.test_client().get("/readyz").get_data(as_text=True)
    assert '"path":"plans:1"' in body.replace(" ", "") and "nope" not in body and str(tmp_path) not in body


def test_a_folder_the_server_may_not_list_is_a_problem_and_the_last_good_catalogue_stays(
        plans: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Found by QA: a plans folder the process may not list (the image's user on a mounted volume) raised
    PermissionError: the admin reload answered 500 and /readyz said ready.  (Root lists any folder, so the
    listing is made to fail.)"""
    app = create_app({"TESTING": True, "RECOMMENDER_PLANS": str(plans), "RECOMMENDER_WATCH_INTERVAL_S": 0})
    served = app.extensions["recommender.store"].catalogue.version
    listed = Path.iterdir

    def refused(self: Path) -> object:
        if self == plans:
            raise PermissionError(13, "Permission denied", str(self))
        return listed(self)

    monkeypatch.setattr(Path, "iterdir", refused)
    assert _problems(plans) == [f"{plans}:1: cannot list the plans folder: Permission denied"]
    result = app.extensions["recommender.store"].reload()
    ready = app.test_client().get("/readyz").get_json()
    assert result.outcome == "rejected" and app.extensions["recommender.store"].catalogue.version == served
    assert ready["status"] == "degraded" and "cannot list the plans folder" in str(ready), ready
    assert app.test_client().get("/api/v1/plans").status_code == 200
    # (found by review: a folder listed but not searched, r--, failed on each entry's lstat)
    monkeypatch.setattr(Path, "iterdir", listed)
    looked = Path.is_symlink

    def unsearchable(self: Path) -> bool:
        if self.parent == plans:
            raise PermissionError(13, "Permission denied", str(self))
        return looked(self)

    monkeypatch.setattr(Path, "is_symlink", unsearchable)
    assert f"{plans / 'china-mobile.yaml'}:1: cannot read: Permission denied" in _problems(plans)
    assert app.extensions["recommender.store"].reload().outcome == "rejected"
    assert app.extensions["recommender.store"].catalogue.version == served


def test_a_folder_on_the_way_the_server_may_not_search_is_a_problem_and_the_last_good_catalogue_stays(
        plans: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Found by the reliability review (gunicorn as nobody; ``chmod 700`` of ``seeds/``, then of the plans' parent):
    pathlib's ``is_file`` and ``is_dir`` raise PermissionError where a folder above the file may not be searched, and
    it came out of ``read_plan_sources``: the admin reload answered 500, ``/readyz`` went on saying ``ready``, and the
    master's watcher logged a traceback at every check.  (Root searches any folder, so the ``stat`` is made to fail.)"""
    token = "reload-token-0123456789"
    app = create_app({"TESTING": True, "RECOMMENDER_PLANS": str(plans), "RECOMMENDER_WATCH_INTERVAL_S": 0,
                      "RECOMMENDER_ADMIN_TOKEN": token})
    store, client = app.extensions["recommender.store"], app.test_client()
    served = store.catalogue.version
    stat = Path.stat
    for blocked, said in ((plans.parent / "seeds", "seeds/facts.yaml:1: cannot read: Permission denied"),
                          (plans.parent, "plans:1: cannot read: Permission denied")):

        def refused(self: Path, *, follow_symlinks: bool = True, blocked: Path = blocked) -> object:
            if self.absolute().is_relative_to(blocked) and self.absolute() != blocked:
                raise PermissionError(13, "Permission denied", str(self))
            return stat(self, follow_symlinks=follow_symlinks)

        monkeypatch.setattr(Path, "stat", refused)
        answer = client.post("/api/v1/admin/reload", headers={"Authorization": f"Bearer {token}"})
        ready = client.get("/readyz").get_json()
        monkeypatch.setattr(Path, "stat", stat)
        assert answer.status_code == 422 and [e["path"] for e in answer.get_json()["errors"]] == [said.split(": ")[0]]
        assert ready["status"] == "degraded" and ready["last_reload_error"] == [said], ready
        assert store.catalogue.version == served and client.get("/api/v1/plans").status_code == 200
    assert store.reload().outcome == "unchanged" and client.get("/readyz").get_json()["status"] == "ready"


def test_a_server_started_where_it_may_not_search_the_folders_starts_and_says_why(
        plans: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Found by the reliability review (gunicorn as nobody, ``seeds/`` at ``chmod 700``): the form's sample profiles
    (``seeds/profiles``) were looked for with pathlib, which raised PermissionError out of ``create_app``, and gunicorn
    stopped with a traceback.  A server started on files it cannot read starts, says why in ``/readyz`` (503) and
    serves once they are mended (the form without its sample profiles, read at start, until restarted)."""
    stat = Path.stat
    for blocked, said in ((plans.parent / "seeds", "seeds/facts.yaml"), (plans.parent, "plans")):

        def refused(self: Path, *, follow_symlinks: bool = True, blocked: Path = blocked) -> object:
            if self.absolute().is_relative_to(blocked) and self.absolute() != blocked:
                raise PermissionError(13, "Permission denied", str(self))
            return stat(self, follow_symlinks=follow_symlinks)

        monkeypatch.setattr(Path, "stat", refused)
        app = create_app({"TESTING": True, "RECOMMENDER_PLANS": str(plans), "RECOMMENDER_WATCH_INTERVAL_S": 0})
        answer = app.test_client().get("/readyz")
        monkeypatch.setattr(Path, "stat", stat)
        assert answer.status_code == 503 and answer.get_json()["errors"][0]["path"] == f"{said}:1", answer.get_json()
        assert app.extensions["recommender.store"].reload().outcome == "reloaded"
        assert app.test_client().get("/readyz").status_code == 200 and app.test_client().get("/").status_code == 200


def test_nodes_are_counted_while_composing() -> None:
    """A 1 MB flow list of ~500k items stops at the node limit (PyYAML never builds the rest)."""
    raw = b"x: [" + b"1," * 499_000 + b"1]\n"
    with pytest.raises(Problem) as caught:
        parse("x.yaml", raw)
    assert str(caught.value) == f"x.yaml:1: {TOO_MANY_VALUES}"


def test_hidden_files_are_no_plan_files(plans: Path) -> None:
    """An editor's lock (Emacs' ``.#name.yaml``, a dangling link while the file is being edited) or a
    macOS ``._name.yaml`` is not a plan file: the catalogue loads as without them."""
    (plans / ".#china-mobile.yaml").symlink_to("root@host.1234:1764600000")
    (plans / "._china-mobile.yaml").write_bytes(b"\x00\x05\x16\x07\x00\x02\x00\x00Mac OS X")
    assert load_catalogue(plans).version == load_catalogue(DEFAULT_PLANS).version


def test_a_plan_file_named_in_capitals_is_a_plan_file(plans: Path) -> None:
    """Found by QA: ``verizon.YAML`` (as Windows may save it) was skipped without a word, its plans gone."""
    before = load_catalogue(plans)
    (plans / "verizon.yaml").rename(plans / "verizon.YAML")
    after = load_catalogue(plans)
    assert [p.id for p in after.plans] == [p.id for p in before.plans] and "verizon" in after.operators


def test_a_huge_file_is_refused_without_being_read_whole(plans: Path) -> None:
    """The server's watcher reads the folder at every poll: a 400 MB file named ``*.yaml`` was read whole each
    time (the gunicorn master grew by over 1 GB, every poll); one byte past the limit is enough to refuse it."""
    huge = plans / "zz-dump.yaml"
    with huge.open("wb") as out:
        out.truncate(50_000_000)  # (sparse: no disk written)
    sources = read_plan_sources(plans)
    assert {name: len(raw) for name, raw in sources.files}[str(huge)] == MAX_BYTES + 1
    assert _problems(plans) == [f"{huge}:1: file is larger than {MAX_BYTES} bytes"]
