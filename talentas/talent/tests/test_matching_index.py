"""The match index file: written atomically, re-opened when a newer one exists, fresh in between through the overlay."""

from talentas.talent import match_index, selectors

from .conftest import make_profile


def test_changes_after_the_file_come_from_the_overlay_until_a_newer_file_takes_over(opportunity, talent, vocabulary):
    index = match_index.shared_index()
    first = index.file.path
    assert index.talents == {}
    newcomer = make_profile(skills=[(vocabulary["python"], 4), (vocabulary["sql"], 4)])
    assert {pk for _s, pk in selectors.top_talent_ids(opportunity)} == {talent.pk, newcomer.pk}
    assert set(index.talents) == {newcomer.pk} and index.file.path == first  # answered from file + overlay

    newer = match_index.build_index_file()
    assert newer != first
    assert selectors.top_talent_ids(opportunity) == selectors.top_talent_ids_plain(opportunity)
    assert index.file.path == newer and index.talents == {}  # the overlay is folded into the new file
    assert newcomer.pk in set(map(int, index.file.a["t_id"]))


def test_the_file_round_trips_its_arrays(tmp_path):
    import numpy as np

    arrays = {"a": np.arange(5, dtype=np.int64), "b": np.array([[1.5, 2.5]]), "c": np.zeros(0, dtype=np.int32)}
    path = tmp_path / "index-x-000000000001.bin"
    match_index._write(path, {"seq": 1}, dict(arrays))
    meta, read = match_index._read(path)
    assert meta == {"seq": 1}
    for name, array in arrays.items():
        assert read[name].dtype == array.dtype and np.array_equal(read[name], array)
    assert not list(tmp_path.glob(".*tmp"))  # written under a temporary name, then renamed


def test_the_queue_rebuilds_the_file_only_when_vectors_changed(opportunity, talent, vocabulary):
    from talentas.talent import tasks

    match_index.shared_index()  # the first process to look builds the generation's first file
    assert tasks.rebuild_match_index_when_stale.call_local() is False
    make_profile(skills=[(vocabulary["sql"], 2)])
    assert tasks.rebuild_match_index_when_stale.call_local() is True
    assert tasks.rebuild_match_index_when_stale.call_local() is False
