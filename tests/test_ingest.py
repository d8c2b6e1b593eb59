"""Importing through containers, deduplication, and bad input that must lose nothing."""

from __future__ import annotations

import gzip
import io
import zipfile
from datetime import datetime
from pathlib import Path

import pytest

from runsense.ingest import import_paths
from runsense.pain import make_entry
from runsense.sources import Limits, read_strava_csv
from runsense.store import SUMMARY_COLUMNS
from tests.conftest import EXAMPLES as EXAMPLES_DIR
from tests.conftest import corpus_path

RUN_FIT = corpus_path("sports-lib/6860622783.fit")  # Garmin FR945 run with full running dynamics
RUN_TCX = corpus_path("sports-lib/6860622783.tcx")  # the same run exported as TCX
OTHER_FIT = corpus_path("connectstats/activity_234979239.fit")


def _copy(src: Path, dst: Path) -> Path:
    dst.write_bytes(src.read_bytes())
    return dst


def _snapshot(store) -> list[tuple]:
    return [(a.id, a.n_records, a.distance_m) for a in store.activities()]


@pytest.fixture
def stored_run(store, tmp_path):
    """A store holding one real run, to check that bad input never changes it."""
    report = import_paths(store, [_copy(OTHER_FIT, tmp_path / "before.fit")])
    assert len(report.imported) == 1
    return _snapshot(store)


class TestDeduplication:
    def test_reimporting_the_same_bytes_counts_once(self, store, tmp_path):
        path = _copy(RUN_FIT, tmp_path / "run.fit")
        first = import_paths(store, [path])
        again = import_paths(store, [path, _copy(RUN_FIT, tmp_path / "renamed.fit")])
        assert len(first.imported) == 1
        assert again.imported == []
        assert [d["id"] for d in again.duplicates] == [first.imported[0]["id"]] * 2
        assert store.counts()["activities"] == 1

    def test_the_same_run_as_fit_and_tcx_counts_once(self, store, tmp_path):
        report = import_paths(store, [_copy(RUN_FIT, tmp_path / "a.fit"), _copy(RUN_TCX, tmp_path / "b.tcx")])
        assert len(report.imported) == 1
        assert report.duplicates[0]["id"] == report.imported[0]["id"]
        assert "another file" in report.duplicates[0]["reason"]

    def test_the_richer_file_of_a_run_replaces_the_poorer_copy_and_keeps_its_links(self, store, tmp_path):
        first = import_paths(store, [_copy(RUN_TCX, tmp_path / "b.tcx")])
        (tcx_id,) = [i["id"] for i in first.imported]
        shoe = store.add_shoe("Pegasus")
        store.assign_shoe(shoe, activity_ids=[tcx_id])
        store.add_pain(make_entry(3, when=datetime(2021, 1, 1, 20), timing="after-run", activity_id=tcx_id))
        tcx_metrics = sum(getattr(store.activity(tcx_id), c) is not None for c in SUMMARY_COLUMNS)

        report = import_paths(store, [_copy(RUN_FIT, tmp_path / "a.fit")])  # the same run, with running dynamics
        (entry,) = report.imported
        assert entry["replaces"] == {"id": tcx_id, "source": "b.tcx", "reason": "the same run with fewer metrics"}
        (kept,) = store.activities()
        assert kept.id == entry["id"] and kept.source_format == "fit"
        assert sum(getattr(kept, c) is not None for c in SUMMARY_COLUMNS) > tcx_metrics
        assert kept.vertical_oscillation_mm is not None and kept.shoe == "Pegasus"
        assert store.pain_entries()[0].activity_id == kept.id
        assert store.counts()["sources"] == 2  # the TCX file itself is still kept
        again = import_paths(store, [_copy(RUN_TCX, tmp_path / "c.tcx")])  # and stays a duplicate
        assert again.imported == [] and len(again.duplicates) == 1

    def test_gz_of_an_imported_file_is_a_duplicate(self, store, tmp_path):
        import_paths(store, [_copy(RUN_FIT, tmp_path / "run.fit")])
        gz = tmp_path / "run.fit.gz"
        gz.write_bytes(gzip.compress(RUN_FIT.read_bytes()))
        report = import_paths(store, [gz])
        assert report.imported == [] and len(report.duplicates) == 1


class TestContainers:
    def test_corpus_zips_with_macosx_junk_and_subfolders(self, store):
        report = import_paths(store, [corpus_path("GoldenCheetah/HRM-unbucle-resync.zip"), corpus_path("elevate/samples.zip")])
        sources = {i["source"] for i in report.imported} | {d["source"] for d in report.duplicates}
        assert "HRM-unbucle-resync.zip!activity_2677977976.fit" in sources
        assert not any("__MACOSX" in s for s in sources)
        assert "samples.zip!subfolder/33333.fit" in sources
        assert report.failed == []

    def test_nested_zip_like_a_garmin_bulk_export(self, store, tmp_path):
        inner = io.BytesIO()
        with zipfile.ZipFile(inner, "w") as z:
            z.writestr("run.fit", RUN_FIT.read_bytes())
            z.writestr("notes.json", b"{}")
        outer = tmp_path / "garmin-export.zip"
        with zipfile.ZipFile(outer, "w") as z:
            z.writestr("DI_CONNECT/DI-Connect-Uploaded-Files/UploadedFiles_0-_Part1.zip", inner.getvalue())
            z.writestr("DI_CONNECT/DI-Connect-Fitness/summary.json", b"{}")
        report = import_paths(store, [outer])
        assert [i["source"] for i in report.imported] == ["garmin-export.zip!DI_CONNECT/DI-Connect-Uploaded-Files/UploadedFiles_0-_Part1.zip!run.fit"]
        assert report.failed == report.skipped == []

    def test_strava_bulk_export_keeps_name_type_and_gear(self, store, tmp_path):
        export = tmp_path / "export_12345.zip"
        csv_text = (
            "Activity ID,Activity Date,Activity Name,Activity Type,Distance,Activity Gear,Filename,Distance\n"
            '111,"Feb 2, 2020, 11:19:00 AM",Sunday long run,Run,10.63,Pegasus 38,activities/111.fit.gz,10630.4\n'
        )
        with zipfile.ZipFile(export, "w") as z:
            z.writestr("activities.csv", csv_text)
            z.writestr("activities/111.fit.gz", gzip.compress(RUN_FIT.read_bytes()))
        report = import_paths(store, [export])
        activity = store.activity(report.imported[0]["id"])
        assert (activity.title, activity.gear_name, activity.sport) == ("Sunday long run", "Pegasus 38", "running")

    @pytest.mark.parametrize("name", ["activities.csv", "strava_export_12_17_2024__activities.csv"])
    def test_corpus_strava_activities_csv_is_read(self, name):
        table = read_strava_csv(corpus_path(f"Strava-Activity-Map/{name}").read_bytes())
        assert len(table) > 1500
        entry = table["activities/203707851.gpx"]
        assert entry.title == "Lunch Ride" and entry.sport == "cycling"
        assert sum(1 for e in table.values() if e.gear == "Kona Rove ST") > 500

    def test_folder_is_searched_recursively(self, store, tmp_path):
        (tmp_path / "a" / "b").mkdir(parents=True)
        _copy(RUN_FIT, tmp_path / "a" / "b" / "deep.FIT")
        (tmp_path / "a" / "readme.txt").write_text("not an activity")
        report = import_paths(store, [tmp_path / "a"])
        assert [i["source"] for i in report.imported] == ["b/deep.FIT"]


class TestBadInputLosesNothing:
    def _check(self, store, before, report, *, outcome: str, words: str):
        entries = report.failed if outcome == "failed" else report.skipped
        assert len(entries) == 1, report.to_dict()
        reason = entries[0]["error" if outcome == "failed" else "reason"]
        assert words in reason
        assert report.imported == []
        assert _snapshot(store) == before
        assert store.integrity_check() == "ok"

    def test_empty_file(self, store, stored_run, tmp_path):
        (tmp_path / "empty.fit").write_bytes(b"")
        self._check(store, stored_run, import_paths(store, [tmp_path / "empty.fit"]), outcome="failed", words="empty")

    def test_random_bytes_named_fit(self, store, stored_run, tmp_path):
        (tmp_path / "noise.fit").write_bytes(bytes(range(256)) * 8)
        self._check(store, stored_run, import_paths(store, [tmp_path / "noise.fit"]), outcome="failed", words="'.FIT' signature")

    @pytest.mark.usefixtures("stored_run")
    def test_truncated_fit_keeps_what_was_read_and_says_so(self, store, tmp_path):
        data = RUN_FIT.read_bytes()
        (tmp_path / "cut.fit").write_bytes(data[: len(data) // 2])
        report = import_paths(store, [tmp_path / "cut.fit"])
        activity = store.activity(report.imported[0]["id"])
        assert "truncated" in {i.code for i in activity.issues}
        assert 1000 < activity.n_records < 3101

    @pytest.mark.usefixtures("stored_run")
    def test_wrong_crc_imports_with_an_issue(self, store, tmp_path):
        data = bytearray(RUN_FIT.read_bytes())
        data[-1] ^= 0xFF
        (tmp_path / "crc.fit").write_bytes(bytes(data))
        report = import_paths(store, [tmp_path / "crc.fit"])
        assert "crc_mismatch" in {i.code for i in store.activity(report.imported[0]["id"]).issues}

    def test_malformed_xml(self, store, stored_run, tmp_path):
        (tmp_path / "bad.gpx").write_text("<?xml version='1.0'?><gpx><trk><trkseg><trkpt lat='1' lon='2'><time>")
        report = import_paths(store, [tmp_path / "bad.gpx"])
        assert report.imported == [] and len(report.failed) + len(report.skipped) == 1
        assert _snapshot(store) == stored_run

    def test_entity_bomb_is_refused_without_expanding(self, store, stored_run, tmp_path):
        lol = "".join(f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10}">' for i in range(1, 10))
        bomb = f'<?xml version="1.0"?><!DOCTYPE gpx [<!ENTITY lol0 "lol">{lol}]><gpx><trk><name>&lol9;</name></trk></gpx>'
        (tmp_path / "bomb.gpx").write_text(bomb)
        self._check(store, stored_run, import_paths(store, [tmp_path / "bomb.gpx"]), outcome="failed", words="entities")

    def test_external_entity_is_refused(self, store, stored_run, tmp_path):
        xxe = '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><TrainingCenterDatabase>&xxe;</TrainingCenterDatabase>'
        (tmp_path / "xxe.tcx").write_text(xxe)
        self._check(store, stored_run, import_paths(store, [tmp_path / "xxe.tcx"]), outcome="failed", words="entities")

    @pytest.mark.parametrize("member", ["../../evil.fit", "/etc/evil.fit", "a/../../evil.fit"])
    def test_zip_member_with_unsafe_path_is_refused_and_never_extracted(self, store, stored_run, tmp_path, member):
        archive = tmp_path / "evil.zip"
        with zipfile.ZipFile(archive, "w") as z:
            z.writestr(member, RUN_FIT.read_bytes())
        self._check(store, stored_run, import_paths(store, [archive]), outcome="failed", words="unsafe path")
        assert not (tmp_path.parent / "evil.fit").exists()

    def test_zip_bomb_is_refused_by_ratio(self, store, stored_run, tmp_path):
        archive = tmp_path / "bomb.zip"
        with zipfile.ZipFile(archive, "w", compression=zipfile.ZIP_DEFLATED) as z:
            z.writestr("huge.fit", b"\0" * (50 * 1024 * 1024))
        self._check(store, stored_run, import_paths(store, [archive]), outcome="failed", words="compression ratio")

    def test_huge_file_is_refused_by_size(self, store, stored_run, tmp_path):
        _copy(RUN_FIT, tmp_path / "big.fit")
        report = import_paths(store, [tmp_path / "big.fit"], limits=Limits(max_file_bytes=10_000))
        self._check(store, stored_run, report, outcome="failed", words="limit")

    def test_gzip_bomb_is_refused(self, store, stored_run, tmp_path):
        (tmp_path / "bomb.fit.gz").write_bytes(gzip.compress(b"\0" * 2_000_000))
        report = import_paths(store, [tmp_path / "bomb.fit.gz"], limits=Limits(max_file_bytes=1_000_000))
        self._check(store, stored_run, report, outcome="failed", words="limit")

    def test_gpx_without_samples_is_skipped(self, store, stored_run, tmp_path):
        (tmp_path / "route.gpx").write_text('<?xml version="1.0"?><gpx version="1.1"><wpt lat="1" lon="2"/></gpx>')
        self._check(store, stored_run, import_paths(store, [tmp_path / "route.gpx"]), outcome="skipped", words="no track points")

    def test_one_bad_file_does_not_stop_the_rest(self, store, tmp_path):
        (tmp_path / "a_bad.fit").write_bytes(b"garbage")
        _copy(RUN_FIT, tmp_path / "b_good.fit")
        report = import_paths(store, [tmp_path])
        assert len(report.failed) == 1 and len(report.imported) == 1

    def test_a_failed_write_leaves_no_partial_activity(self, store, stored_run, tmp_path, monkeypatch):
        from runsense.store.sqlite import SQLiteStore

        def explode(*_args):
            raise OSError("disk full")  # after the source row was inserted: the rollback must undo it

        monkeypatch.setattr(SQLiteStore, "_insert_activity", explode)
        report = import_paths(store, [_copy(RUN_FIT, tmp_path / "run.fit")])
        assert len(report.failed) == 1 and "disk full" in report.failed[0]["error"]
        assert _snapshot(store) == stored_run
        assert store.counts()["sources"] == 1


def test_parallel_import_stores_exactly_what_a_sequential_one_does(tmp_path):
    from runsense.store import open_store
    from tests.conftest import EXAMPLES

    results = []
    for workers in (1, 2):
        with open_store(tmp_path / f"w{workers}.sqlite") as store:
            report = import_paths(store, [EXAMPLES, corpus_path("python-fitparse/Settings.fit")], workers=workers)
            results.append((sorted(report.to_dict()["imported"], key=lambda i: i["id"]), len(report.duplicates), len(report.skipped),
                            [(a.id, a.n_records, a.cadence_spm, a.shoe) for a in store.activities()]))  # fmt: skip
    assert results[0] == results[1]
    assert len(results[0][0]) == 66 and results[0][2] == 1


class TestFuzzRegressions:
    """Inputs the fuzzer (bench/fuzz.py, tests/test_fuzz_properties.py) once crashed on."""

    def test_fit_cut_inside_a_definition_is_a_clear_error(self, store, tmp_path):
        data = (EXAMPLES_DIR / "2026-07-21_easy.fit").read_bytes()
        # a header that claims more data than there is, cut inside a definition: fitdecode raised struct.error
        broken = data[:14] + data[14:30]
        (tmp_path / "cut.fit").write_bytes(broken)
        report = import_paths(store, [tmp_path / "cut.fit"])
        assert len(report.failed) + len(report.skipped) == 1 and not report.imported

    def test_a_malformed_strava_csv_is_a_clear_error(self, store, tmp_path):
        (tmp_path / "activities.csv").write_bytes(b'Activity ID,Filename\n1,"unterminated\0' + b"x" * 10)
        report = import_paths(store, [tmp_path / "activities.csv"])
        (entry,) = report.failed + report.skipped
        assert "activities.csv" in entry["source"]

    def test_a_csv_without_strava_columns_is_reported_not_raised(self, store, tmp_path):
        (tmp_path / "activities.csv").write_text("a,b\n1,2\n")
        report = import_paths(store, [tmp_path / "activities.csv"])
        assert report.failed and "Filename" in report.failed[0]["error"]


@pytest.mark.parametrize("name", ["unknown-zip-version.zip", "empty-member-name.zip"])
def test_damaged_zips_found_by_the_fuzzer_fail_clearly(store, tmp_path, name):
    from tests.conftest import ROOT

    path = tmp_path / name
    path.write_bytes((ROOT / "tests" / "fixtures" / "fuzz" / name).read_bytes())
    report = import_paths(store, [path])
    assert all(name in entry["source"] for entry in report.failed + report.skipped + report.imported)


def test_heap_headroom_is_taken_by_glibc_and_skipped_elsewhere():
    import platform

    from runsense.memory import keep_heap_headroom

    assert keep_heap_headroom() is (platform.libc_ver()[0] == "glibc")
