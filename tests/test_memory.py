"""The translation memory store: keys, lookup, precedence, safety, maintenance."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

import process_barrier
import pytest

from translate.errors import CorruptMemoryError, TranslationMemoryError
from translate.memory import (
    SegmentKey,
    TranslationMemory,
    check_memory,
    default_memory_path,
    memory_path,
    normalize,
)
from translate.memory import schema

SETTINGS = {"beam_size": 4, "compute_type": "int8", "length_penalty": 1.0, "max_decoding_length": 256}


def key(text: str, target: str = "en", route: str = "translate-de_en@1.9", context: str = "", **settings: object) -> SegmentKey:
    return SegmentKey.make(text, "de", target, route, {**SETTINGS, **settings}, context)


@pytest.fixture
def tm(tmp_path: Path):  # type: ignore[no-untyped-def]
    with TranslationMemory.open(tmp_path / "memory.sqlite3") as memory:
        yield memory


def test_normalization_is_nfc_and_collapsed_whitespace() -> None:
    decomposed = "Mu\u0308nchen  liegt\tin\u00a0Bayern.\n"
    assert normalize(decomposed) == "München liegt in Bayern."
    assert key(decomposed) == key(" München liegt in Bayern.")
    # Case and punctuation change a translation: they stay part of the key.
    assert key("münchen liegt in Bayern.") != key("München liegt in Bayern.")
    assert key("München liegt in Bayern") != key("München liegt in Bayern.")


@pytest.mark.parametrize("other", [
    key("Guten Tag.", target="es"),
    key("Guten Tag.", route="translate-de_en@2.0"),
    key("Guten Tag.", beam_size=1),
    key("Guten Tag.", context="glossary:3f2a"),
])
def test_every_key_field_separates_entries(tm: TranslationMemory, other: SegmentKey) -> None:
    tm.store_many([(key("Guten Tag."), "Good day.")])
    assert other.digest != key("Guten Tag.").digest
    assert tm.lookup_many([other]) == {}
    assert tm.lookup_many([key("Guten Tag.")])[key("Guten Tag.")].translation == "Good day."


def test_store_and_lookup_many_in_a_few_queries(tm: TranslationMemory) -> None:
    keys = [key(f"Satz Nummer {i}.") for i in range(1200)]
    assert tm.store_many((k, f"Sentence number {i}.") for i, k in enumerate(keys)) == 1200
    statements: list[str] = []
    tm._connection.set_trace_callback(statements.append)
    found = tm.lookup_many(keys + [key("Nie gesehen.")])
    selects = [s for s in statements if s.lstrip().upper().startswith("SELECT")]
    # 1201 machine + 1201 human digests, 500 per query: 5 queries, not 1201.
    assert len(selects) == 5
    assert len(found) == 1200
    assert found[keys[7]].translation == "Sentence number 7."
    assert found[keys[7]].origin == "machine"
    assert key("Nie gesehen.") not in found


def test_machine_entry_is_replaced_by_a_newer_one(tm: TranslationMemory) -> None:
    tm.store_many([(key("Hallo."), "Hello.")])
    tm.store_many([(key("Hallo."), "Hi.")])
    assert len(tm) == 1
    assert tm.lookup_many([key("Hallo.")])[key("Hallo.")].translation == "Hi."


def test_human_translation_wins_for_any_model_settings_and_context(tm: TranslationMemory) -> None:
    tm.store_many([(key("Das Abkommen gilt."), "The deal applies.")])
    tm.store_many([(key("Das  Abkommen gilt."), "The agreement is in force.")], origin="human")
    variants = [
        key("Das Abkommen gilt."),
        key("Das Abkommen gilt.", route="translate-de_en@2.0"),
        key("Das Abkommen gilt.", beam_size=1),
        key("Das Abkommen gilt.", context="glossary:abc"),
    ]
    found = tm.lookup_many(variants)
    assert {entry.translation for entry in found.values()} == {"The agreement is in force."}
    assert all(found[v].origin == "human" for v in variants)
    # ... but only for its own language pair.
    assert tm.lookup_many([key("Das Abkommen gilt.", target="es")]) == {}
    assert tm.stats().human == 1 and tm.stats().machine == 1


def test_location_is_resolved_at_call_time(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("BABELPRESS_MEMORY", raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    assert default_memory_path() == tmp_path / "data" / "babelpress" / "memory.sqlite3"
    monkeypatch.setenv("BABELPRESS_MEMORY", str(tmp_path / "elsewhere.sqlite3"))
    assert default_memory_path() == tmp_path / "elsewhere.sqlite3"
    assert memory_path(tmp_path / "explicit.db") == tmp_path / "explicit.db"
    with TranslationMemory.open() as memory:
        assert memory.path == tmp_path / "elsewhere.sqlite3"
    assert (tmp_path / "elsewhere.sqlite3").is_file()


def test_opening_a_missing_memory_read_only_says_so(tmp_path: Path) -> None:
    path = tmp_path / "none.sqlite3"
    with pytest.raises(TranslationMemoryError) as info:
        TranslationMemory.open(path, create=False)
    assert str(info.value) == (
        f"There is no translation memory at {path} yet: it is created by the first run that "
        "translates with it (or give another file with --memory PATH)."
    )
    assert not path.exists()


def test_a_file_that_is_not_a_database_is_reported_not_misread(tmp_path: Path) -> None:
    path = tmp_path / "memory.sqlite3"
    path.write_bytes(b"this is not SQLite at all\n" * 200)
    with pytest.raises(CorruptMemoryError) as info:
        TranslationMemory.open(path)
    message = str(info.value)
    assert message.startswith(f"The translation memory {path} is damaged or is not a babelpress memory")
    assert f"babelpress memory check --memory {path}" in message
    report = check_memory(path)
    assert not report.ok
    assert report.problems == ["SQLite cannot read it: file is not a database"]


def test_another_programs_database_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "other.db"
    with sqlite3.connect(path) as other:
        other.execute("CREATE TABLE invoices (id INTEGER)")
    other.close()
    with pytest.raises(CorruptMemoryError, match="another program, not a babelpress translation memory"):
        TranslationMemory.open(path)
    with sqlite3.connect(path) as other:  # untouched
        assert other.execute("SELECT name FROM sqlite_master").fetchall() == [("invoices",)]
    other.close()


def test_a_newer_schema_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "memory.sqlite3"
    TranslationMemory.open(path).close()
    with sqlite3.connect(path) as db:
        db.execute(f"PRAGMA user_version = {schema.SCHEMA_VERSION + 1}")
    db.close()
    with pytest.raises(CorruptMemoryError, match=f"schema version {schema.SCHEMA_VERSION + 1}, newer than"):
        TranslationMemory.open(path)


def test_a_damaged_entry_raises_instead_of_returning_wrong_text(tmp_path: Path) -> None:
    path = tmp_path / "memory.sqlite3"
    with TranslationMemory.open(path) as memory:
        memory.store_many([(key("Eins."), "One."), (key("Zwei."), "Two.")])
    with sqlite3.connect(path) as db:  # a flipped value inside an otherwise valid page
        db.execute("UPDATE segments SET target_text = 'Three.' WHERE source_text = 'Zwei.'")
    db.close()
    with TranslationMemory.open(path) as memory:
        assert memory.lookup_many([key("Eins.")])[key("Eins.")].translation == "One."
        with pytest.raises(CorruptMemoryError, match=f"The translation memory {path} is damaged: a stored entry"):
            memory.lookup_many([key("Zwei.")])
    report = check_memory(path)
    assert (report.ok, report.entries, report.problems) == (
        False, 2, ["1 of 2 entries do not match their checksum"])


def test_check_passes_a_healthy_closed_memory_without_writing_it(tmp_path: Path) -> None:
    path = tmp_path / "memory.sqlite3"
    with TranslationMemory.open(path) as memory:
        memory.store_many([(key("Eins."), "One.")])
    before = path.read_bytes()
    report = check_memory(path)
    assert (report.ok, report.entries, report.schema_version, report.problems) == (True, 1, schema.SCHEMA_VERSION, [])
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["memory.sqlite3"]  # no -wal or -shm left beside it


def test_check_leaves_the_files_of_a_memory_another_connection_has_open(tmp_path: Path) -> None:
    path = tmp_path / "memory.sqlite3"
    with TranslationMemory.open(path) as memory:
        memory.store_many([(key("Eins."), "One.")])
        beside = sorted(p.name for p in tmp_path.iterdir())
        assert check_memory(path).ok
        assert sorted(p.name for p in tmp_path.iterdir()) == beside  # the open memory's -wal and -shm stay
        memory.store_many([(key("Zwei."), "Two.")])  # and it goes on working
    assert check_memory(path).entries == 2


def _writer_script(path: Path, worker: int, count: int, barrier: Path, parties: int) -> str:
    return f"""
import sys
sys.path.insert(0, {str(process_barrier.SCRIPT.parent)!r})
import process_barrier
from translate.memory import SegmentKey, TranslationMemory
process_barrier.arrive_and_wait({str(barrier)!r}, {parties}, "{worker}")
with TranslationMemory.open({str(path)!r}) as tm:
    for batch in range(0, {count}, 10):
        tm.store_many(
            (SegmentKey.make(f"Satz {worker}-{{i}}.", "de", "en", "r@1", "{{}}"), f"Sentence {worker}-{{i}}.")
            for i in range(batch, batch + 10)
        )
        tm.lookup_many([SegmentKey.make(f"Satz {worker}-{{batch}}.", "de", "en", "r@1", "{{}}")])
process_barrier.finished({str(barrier)!r}, "{worker}")
"""


def test_concurrent_processes_create_and_write_the_same_memory(tmp_path: Path) -> None:
    path = tmp_path / "shared.sqlite3"  # does not exist yet: they also race to create it
    barrier = tmp_path / "barrier"  # no worker opens the memory before all four are ready to
    workers = [
        subprocess.Popen([sys.executable, "-c", _writer_script(path, worker, 150, barrier, 4)],
                         stderr=subprocess.PIPE, text=True)
        for worker in range(4)
    ]
    try:
        errors = [worker.communicate(timeout=120)[1] for worker in workers]
    finally:  # a worker that is stuck must not outlive the test
        for worker in workers:
            if worker.poll() is None:
                worker.kill()
                worker.communicate(timeout=60)
    assert [worker.returncode for worker in workers] == [0, 0, 0, 0], errors
    process_barrier.assert_overlapped(barrier, ["0", "1", "2", "3"])
    with TranslationMemory.open(path) as memory:
        assert len(memory) == 600
        keys = [SegmentKey.make(f"Satz {w}-{i}.", "de", "en", "r@1", "{}") for w in range(4) for i in range(150)]
        found = memory.lookup_many(keys)
        assert [found[k].translation for k in keys] == [
            f"Sentence {w}-{i}." for w in range(4) for i in range(150)]
    assert check_memory(path).ok


def test_threads_with_separate_connections_read_while_writing(tmp_path: Path) -> None:
    path = tmp_path / "memory.sqlite3"
    TranslationMemory.open(path).close()
    failures: list[BaseException] = []
    barrier = threading.Barrier(4, timeout=60)  # every connection is open before any thread writes
    ready: dict[int, float] = {}
    ended: dict[int, float] = {}

    def work(worker: int) -> None:
        try:
            with TranslationMemory.open(path) as memory:
                ready[worker] = time.monotonic()
                barrier.wait()
                for i in range(50):
                    memory.store_many([(key(f"Faden {worker} {i}."), f"Thread {worker} {i}.")])
                    assert memory.lookup_many([key(f"Faden {worker} {i}.")])[key(f"Faden {worker} {i}.")]
                ended[worker] = time.monotonic()
        except BaseException as exc:  # reported below, with the thread's own error
            barrier.abort()  # the others stop waiting for this one
            failures.append(exc)

    threads = [threading.Thread(target=work, args=(n,)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not [thread for thread in threads if thread.is_alive()], "a thread is stuck"
    assert failures == []
    # They overlapped: every thread was connected and ready before any of them finished.
    assert sorted(ready) == sorted(ended) == [0, 1, 2, 3]
    assert max(ready.values()) < min(ended.values()), (ready, ended)
    with TranslationMemory.open(path) as memory:
        assert len(memory) == 200


def test_prune_by_age_and_by_installed_models_keeps_human_entries(tm: TranslationMemory) -> None:
    tm.store_many([(key("Alt."), "Old."), (key("Neu.", route="translate-de_en@2.0"), "New.")])
    tm.store_many([(key("Menschlich."), "Human.")], origin="human")
    report = tm.prune(installed={"translate-de_en@2.0"})
    assert (report.removed, report.kept) == (1, 2)
    assert tm.lookup_many([key("Alt.")]) == {}
    import time

    future = lambda: time.time() + 10 * 86400  # noqa: E731 - ten days from now
    report = tm.prune(unused_days=5, now=future)
    assert (report.removed, report.kept) == (1, 1)
    assert [entry.translation for entry in tm.entries()] == ["Human."]
    assert tm.prune(unused_days=5, now=future, include_human=True).removed == 1
    assert len(tm) == 0


def test_prune_needs_a_rule(tm: TranslationMemory) -> None:
    with pytest.raises(TranslationMemoryError, match="Nothing to prune by"):
        tm.prune()


def test_pivot_routes_are_pruned_when_either_hop_is_gone(tm: TranslationMemory) -> None:
    tm.store_many([(key("Hallo.", target="es", route="de_en@1>en_es@1"), "Hola.")])
    assert tm.prune(installed={"de_en@1", "en_es@2"}).removed == 1


def test_stats_counts_pairs_and_models(tm: TranslationMemory) -> None:
    tm.store_many([(key("Eins."), "One."), (key("Eins.", target="es", route="a@1>b@1"), "Uno.")])
    tm.store_many([(key("Zwei."), "Two.")], origin="human")
    stats = tm.stats()
    assert (stats.entries, stats.machine, stats.human) == (3, 2, 1)
    assert stats.pairs == {"de-en": 2, "de-es": 1}
    assert stats.routes == {"a@1>b@1": 1, "translate-de_en@1.9": 1}
    assert stats.schema_version == schema.SCHEMA_VERSION
    assert stats.size_bytes > 0


def test_a_version_1_memory_is_migrated_in_place_and_keeps_its_entries(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite3"
    old = sqlite3.connect(path, isolation_level=None)
    for statement in schema.MIGRATIONS[0]:
        old.execute(statement)
    old.execute(f"PRAGMA application_id = {schema.APPLICATION_ID}")
    old.execute("PRAGMA user_version = 1")
    old.close()
    # An entry as version 1 wrote it (no meta column, checksum over key and text).
    import hashlib

    k = key("Alt.")
    checksum = hashlib.sha256(f"{k.digest}\x00machine\x00Old.".encode()).hexdigest()[:32]
    with sqlite3.connect(path) as db:
        db.execute("INSERT INTO segments VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
                   (k.digest, k.text, k.source, k.target, k.route, k.settings, k.context, "Old.", "machine",
                    checksum, 1.0, 1.0))
    db.close()
    with TranslationMemory.open(path) as memory:
        entry = memory.lookup_many([k])[k]
        assert (entry.translation, entry.meta) == ("Old.", "")
        assert memory.stats().schema_version == schema.SCHEMA_VERSION == 3
    assert check_memory(path).ok


def test_a_note_is_stored_with_its_entry_and_covered_by_the_checksum(tmp_path: Path) -> None:
    path = tmp_path / "memory.sqlite3"
    notes = '[{"entry": "fta", "status": "kept"}]'
    with TranslationMemory.open(path) as memory:
        memory.store_many([(key("Eins."), "One."), (key("Zwei."), "Two.")], meta={key("Eins."): notes})
        found = memory.lookup_many([key("Eins."), key("Zwei.")])
        assert (found[key("Eins.")].meta, found[key("Zwei.")].meta) == (notes, "")
    with sqlite3.connect(path) as db:
        db.execute("UPDATE segments SET meta = '[]' WHERE source_text = 'Eins.'")
    db.close()
    with TranslationMemory.open(path) as memory, pytest.raises(CorruptMemoryError):
        memory.lookup_many([key("Eins.")])


@pytest.mark.parametrize("page", [2, 5, 9])
def test_a_garbled_page_never_yields_a_wrong_translation(tmp_path: Path, page: int) -> None:
    path = tmp_path / "memory.sqlite3"
    keys = [key(f"Satz Nummer {i} über Zölle.") for i in range(400)]
    with TranslationMemory.open(path) as memory:
        memory.store_many((k, f"Sentence number {i} on tariffs.") for i, k in enumerate(keys))
    with sqlite3.connect(path) as db:  # fold the WAL into the file, as a closed memory is
        page_size = db.execute("PRAGMA page_size").fetchone()[0]
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    db.close()
    data = bytearray(path.read_bytes())
    assert len(data) > page * page_size
    start = (page - 1) * page_size
    data[start + 100:start + page_size - 100] = bytes((i * 7 + 3) % 256 for i in range(page_size - 200))
    path.write_bytes(bytes(data))
    try:
        with TranslationMemory.open(path) as memory:
            found = memory.lookup_many(keys)
    except CorruptMemoryError as exc:
        assert f"babelpress memory check --memory {path}" in str(exc)
    else:  # whatever SQLite still reads must be exactly what was stored
        assert all(found[k].translation == f"Sentence number {i} on tariffs." for i, k in enumerate(keys) if k in found)
        assert len(found) < len(keys)
    assert not check_memory(path).ok


def _old_memory(path: Path, version: int) -> None:
    """A memory file as the release with schema ``version`` left it (its migrations only)."""
    old = sqlite3.connect(path, isolation_level=None)
    for number in range(version):
        for statement in schema.MIGRATIONS[number]:
            old.execute(statement)
    old.execute(f"PRAGMA application_id = {schema.APPLICATION_ID}")
    old.execute(f"PRAGMA user_version = {version}")
    old.close()


def test_a_version_2_memory_migrates_in_place_its_entries_without_score_or_reviewer(tmp_path: Path) -> None:
    import hashlib

    path = tmp_path / "old.sqlite3"
    _old_memory(path, 2)
    k = key("Alt.")
    checksum = hashlib.sha256(f"{k.digest}\x00machine\x00Old.".encode()).hexdigest()[:32]
    with sqlite3.connect(path) as db:
        db.execute("INSERT INTO segments VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)",
                   (k.digest, k.text, k.source, k.target, k.route, k.settings, k.context, "Old.", "machine",
                    checksum, 1.0, 1.0, ""))
    db.close()
    with TranslationMemory.open(path) as memory:
        entry = memory.lookup_many([k])[k]
        assert (entry.translation, entry.score, entry.reviewer) == ("Old.", None, "")
        assert memory.stats().schema_version == schema.SCHEMA_VERSION
        memory.store_many([(key("Neu."), "New.")], scores={key("Neu."): -0.5})
        assert memory.lookup_many([key("Neu.")])[key("Neu.")].score == -0.5
    assert check_memory(path).ok


def test_score_and_reviewer_are_stored_and_covered_by_the_checksum(tmp_path: Path) -> None:
    path = tmp_path / "memory.sqlite3"
    with TranslationMemory.open(path) as memory:
        memory.store_many([(key("Eins."), "One."), (key("Zwei."), "Two.")], scores={key("Eins."): -0.8314})
        memory.store_many([(key("Drei."), "Three.")], origin="human", reviewer="ana")
        found = memory.lookup_many([key("Eins."), key("Zwei."), key("Drei.")])
        assert found[key("Eins.")].score == -0.8314 and found[key("Zwei.")].score is None
        assert (found[key("Drei.")].origin, found[key("Drei.")].reviewer, found[key("Drei.")].score) == (
            "human", "ana", None)
        assert memory.stats().reviewers == {"ana": 1}
    with sqlite3.connect(path) as db:
        db.execute("UPDATE segments SET score = -0.01 WHERE source_text = 'Eins.'")
    db.close()
    with TranslationMemory.open(path) as memory, pytest.raises(CorruptMemoryError):
        memory.lookup_many([key("Eins.")])
