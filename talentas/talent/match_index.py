"""The match index: every visible person's and open opportunity's vector as sparse matrices in one file.

The queue worker (or `manage.py build_match_index`, or the first process that finds none) writes the file
`index-<generation>-<seq>.bin` under settings.MATCH_INDEX_DIR, atomically (a temporary file renamed into
place), stamped with the MatchIndexState it was built at. Every web worker memory-maps the newest file of
the database's generation, so the operating system keeps one copy in memory for all of them, and applies
the vectors changed since (vector_seq above the file's) as a small in-memory overlay, so answers stay
exact between rebuilds.

Ranking one opportunity's people (or one person's opportunities) is a handful of sparse row slices and
bincounts: the skill fit of every candidate at once (weighted coverage and precision, bounded related
credit), then the context parts as array expressions. That estimate orders the candidates; the plain
per-candidate scorer (matching.rank_talent / rank_opportunity) then scores them exactly in that order
until no candidate left can enter the top k, so the answer is the plain scorer's, never an approximation.
"""

import fcntl
import json
import os
import threading
import time
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from scipy import sparse

from . import matching
from .matching import LAST, OpportunityVector, Ranked, TalentVector

FORMAT = b"TALENTAS-MATCH-INDEX-1\n"
ALIGN = 64
MARGIN = 1e-6  # the estimate and the exact score differ only by rounding; this keeps the estimate a bound
MOBILITY = {"lives-here": 1, "will-move": 2}
WORKPLACE = {"on-site": 0, "hybrid": 1, "remote": 2}
DECODED_MAX = 20_000  # decoded vectors a process keeps (oldest out first): a few MiB


def _hash(text: str) -> int:
    """A stable number for a word or a city (crc32; a collision can only raise an estimate, never lower it)."""
    return zlib.crc32(text.encode()) + 1 if text else 0


# -------------------------------------------------------------------------------------------- file


def _write(path: Path, meta: dict, arrays: dict[str, np.ndarray]) -> int:
    """Write arrays and meta as one file: a JSON header naming each array's place, then the arrays, aligned."""
    layout: dict[str, dict] = {}
    offset = 0
    for name, array in arrays.items():
        array = np.ascontiguousarray(array)
        arrays[name] = array
        layout[name] = {"dtype": array.dtype.str, "shape": list(array.shape), "offset": offset}
        offset += -(-array.nbytes // ALIGN) * ALIGN
    header = json.dumps({"meta": meta, "arrays": layout}).encode()
    start = -(-(len(FORMAT) + 8 + len(header)) // ALIGN) * ALIGN
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    with open(temporary, "wb") as out:
        out.write(FORMAT + len(header).to_bytes(8, "little") + header)
        out.write(b"\0" * (start - out.tell()))
        for name, array in arrays.items():
            out.seek(start + layout[name]["offset"])
            out.write(array.tobytes())
        out.truncate(start + offset)
        out.flush()
        os.fsync(out.fileno())
    os.replace(temporary, path)
    return start + offset


def _read(path: Path) -> tuple[dict, dict[str, np.ndarray]]:
    mapped = np.memmap(path, dtype=np.uint8, mode="r")
    size = int.from_bytes(bytes(mapped[len(FORMAT) : len(FORMAT) + 8]), "little")
    if bytes(mapped[: len(FORMAT)]) != FORMAT:
        raise ValueError(f"{path} is not a match index")
    header = json.loads(bytes(mapped[len(FORMAT) + 8 : len(FORMAT) + 8 + size]))
    start = -(-(len(FORMAT) + 8 + size) // ALIGN) * ALIGN
    arrays = {}
    for name, spec in header["arrays"].items():
        dtype = np.dtype(spec["dtype"])
        count = int(np.prod(spec["shape"])) if spec["shape"] else 1
        arrays[name] = np.frombuffer(mapped, dtype, count, start + spec["offset"]).reshape(spec["shape"])
    return header["meta"], arrays


def index_files(directory: Path, generation: str) -> list[tuple[int, Path]]:
    """This generation's index files as (seq, path), newest first."""
    found = []
    prefix = f"index-{generation}-"
    try:
        entries = list(os.scandir(directory))
    except FileNotFoundError:
        return []
    for entry in entries:
        if entry.name.startswith(prefix) and entry.name.endswith(".bin"):
            found.append((int(entry.name[len(prefix) : -4]), Path(entry.path)))
    return sorted(found, reverse=True)


# ------------------------------------------------------------------------------------------- build


class _Csr:
    """Rows of (column, value) pairs collected one by one, turned into indptr / indices / data arrays."""

    def __init__(self) -> None:
        self.rows: list[int] = []
        self.cols: list[int] = []
        self.values: list[float] = []

    def add(self, row: int, col: int, value: float) -> None:
        self.rows.append(row)
        self.cols.append(col)
        self.values.append(value)

    def arrays(self, prefix: str, n_rows: int) -> dict[str, np.ndarray]:
        rows = np.asarray(self.rows, dtype=np.int64)
        order = np.argsort(rows, kind="stable")
        counts = np.bincount(rows, minlength=n_rows) if len(rows) else np.zeros(n_rows, dtype=np.int64)
        indptr = np.zeros(n_rows + 1, dtype=np.int64)
        np.cumsum(counts, out=indptr[1:])
        return {
            f"{prefix}_indptr": indptr,
            f"{prefix}_indices": np.asarray(self.cols, dtype=np.int32)[order],
            f"{prefix}_data": np.asarray(self.values, dtype=np.float64)[order],
        }


def build_arrays(
    talents: Iterable[tuple[int, dict]], opportunities: Iterable[tuple[int, dict]]
) -> tuple[dict, dict[str, np.ndarray]]:
    """The index's arrays from (id, match_vector) pairs, each side in ascending id."""
    t_rows = sorted(((pk, data) for pk, data in talents if data), key=lambda row: row[0])
    o_rows = sorted(((pk, data) for pk, data in opportunities if data), key=lambda row: row[0])
    t_vectors = [TalentVector.from_json(pk, data) for pk, data in t_rows]
    keep = [i for i, t in enumerate(t_vectors) if t.visibility != matching.VISIBLE_NOBODY]
    t_rows = [t_rows[i] for i in keep]
    t_vectors = [t_vectors[i] for i in keep]
    o_vectors = [OpportunityVector.from_json(pk, data) for pk, data in o_rows]
    keep = [i for i, o in enumerate(o_vectors) if o.open]
    o_rows = [o_rows[i] for i in keep]
    o_vectors = [o_vectors[i] for i in keep]

    languages = sorted(
        {code for t in t_vectors for code in t.languages} | {c for o in o_vectors for c, _l, _r in o.languages}
    )
    kinds = sorted({kind for t in t_vectors for kind in t.looking_for} | {o.kind for o in o_vectors})
    language_column = {code: i for i, code in enumerate(languages)}
    kind_bit = {kind: i for i, kind in enumerate(kinds)}
    skills = 1 + max([0] + [s for t in t_vectors for s in t.skills] + [s for o in o_vectors for s in o.all_skill_ids()])
    term_hashes = sorted(
        {_hash(w) for t in t_vectors for w in t.terms} | {_hash(w) for o in o_vectors for w in o.terms}
    )
    term_row = {h: i for i, h in enumerate(term_hashes)}

    n, m = len(t_vectors), len(o_vectors)
    arrays: dict[str, np.ndarray] = {}
    # people: skills x people (level factor and weight of each held skill), words x people
    held, held_weight, t_terms = _Csr(), _Csr(), _Csr()
    t_lang = np.zeros((n, max(1, len(languages))), dtype=np.int8)
    t_kinds = np.zeros(n, dtype=np.int64)
    for pos, t in enumerate(t_vectors):
        for skill, level in t.skills.items():
            held.add(skill, pos, matching.LEVEL_FACTOR.get(level, 0.9))
            held_weight.add(skill, pos, t.weights.get(skill, 1.0))
        if t.terms:
            norm = 1 / np.sqrt(len(t.terms))
            for word in t.terms:
                t_terms.add(term_row[_hash(word)], pos, norm)
        for code, level in t.languages.items():
            t_lang[pos, language_column[code]] = level
        t_kinds[pos] = sum(1 << kind_bit[k] for k in t.looking_for)
    arrays.update(held.arrays("held", skills))
    arrays["held_ones"] = np.ones(len(arrays["held_data"]))
    arrays["held_weight"] = held_weight.arrays("hw", skills)["hw_data"]
    arrays.update(t_terms.arrays("tterm", len(term_hashes)))
    arrays["t_id"] = np.asarray([t.id for t in t_vectors], dtype=np.int64)
    arrays["t_visibility"] = np.asarray([t.visibility for t in t_vectors], dtype=np.int8)
    arrays["t_weight_total"] = np.asarray([t.weight_total for t in t_vectors], dtype=np.float64)
    arrays["t_lang"] = t_lang
    arrays["t_kinds"] = t_kinds
    arrays["t_education"] = np.asarray([-1 if t.education is None else t.education for t in t_vectors], np.int16)
    arrays["t_city"] = np.asarray([_hash(t.city) for t in t_vectors], dtype=np.int64)
    arrays["t_mobility"] = np.asarray([MOBILITY.get(t.mobility, 0) for t in t_vectors], dtype=np.int8)
    arrays["t_move"] = np.asarray([LAST if t.move is None else t.move for t in t_vectors], dtype=np.int64)
    arrays["t_remote"] = np.asarray([t.remote for t in t_vectors], dtype=np.bool_)
    arrays["t_available"] = np.asarray([LAST if t.available is None else t.available for t in t_vectors], np.int64)
    arrays["t_has_terms"] = np.asarray([bool(t.terms) for t in t_vectors], dtype=np.bool_)

    # opportunities: one slot per (opportunity, skill asked); skills x slots for related credit; uses
    slot_opp: list[int] = []
    slot_skill: list[int] = []
    slot_mass: list[float] = []
    related, uses, o_terms = _Csr(), _Csr(), _Csr()
    o_lang_min = np.zeros((m, max(1, len(languages))), dtype=np.int8)
    o_lang_req = np.zeros((m, max(1, len(languages))), dtype=np.bool_)
    for pos, o in enumerate(o_vectors):
        for times, group in ((2, o.required), (1, o.optional)):
            for skill, neighbours in group:
                slot = len(slot_opp)
                slot_opp.append(pos)
                slot_skill.append(skill)
                slot_mass.append(times * o.weights.get(skill, 1.0))
                for other in neighbours:
                    related.add(other, slot, o.shares.get(other, 1.0))
        for skill, use in o.uses.items():
            uses.add(skill, pos, use)
        if o.terms:
            norm = 1 / np.sqrt(len(o.terms))
            for word in o.terms:
                o_terms.add(term_row[_hash(word)], pos, norm)
        for code, level, required in o.languages:
            o_lang_min[pos, language_column[code]] = level
            o_lang_req[pos, language_column[code]] |= bool(required)
    arrays.update(related.arrays("rel", skills))
    arrays.update(uses.arrays("use", skills))
    arrays.update(o_terms.arrays("oterm", len(term_hashes)))
    arrays["slot_opp"] = np.asarray(slot_opp, dtype=np.int64)
    arrays["slot_skill"] = np.asarray(slot_skill, dtype=np.int64)
    arrays["slot_mass"] = np.asarray(slot_mass, dtype=np.float64)
    arrays["o_id"] = np.asarray([o.id for o in o_vectors], dtype=np.int64)
    arrays["o_mass"] = np.asarray([o.skill_weight_total for o in o_vectors], dtype=np.float64)
    arrays["o_closes"] = np.asarray([LAST if o.closes is None else o.closes for o in o_vectors], dtype=np.int64)
    arrays["o_lang_min"] = o_lang_min
    arrays["o_lang_req"] = o_lang_req
    arrays["o_lang_count"] = np.asarray([len(o.languages) for o in o_vectors], dtype=np.int16)
    arrays["o_education"] = np.asarray([-1 if o.education is None else o.education for o in o_vectors], np.int16)
    arrays["o_city"] = np.asarray([_hash(o.city) for o in o_vectors], dtype=np.int64)
    arrays["o_home"] = np.asarray([o.city == matching.HOME_CITY for o in o_vectors], dtype=np.bool_)
    arrays["o_workplace"] = np.asarray([WORKPLACE.get(o.workplace, 0) for o in o_vectors], dtype=np.int8)
    arrays["o_start"] = np.asarray([-1 if o.start is None else o.start for o in o_vectors], dtype=np.int64)
    arrays["o_kind_bit"] = np.asarray([kind_bit.get(o.kind, -1) for o in o_vectors], dtype=np.int64)
    arrays["o_has_terms"] = np.asarray([bool(o.terms) for o in o_vectors], dtype=np.bool_)
    arrays["term_hash"] = np.asarray(term_hashes, dtype=np.int64)
    for side, rows in (("t", t_rows), ("o", o_rows)):
        blobs = [json.dumps(data, separators=(",", ":")).encode() for _pk, data in rows]
        offsets = np.zeros(len(blobs) + 1, dtype=np.int64)
        np.cumsum([len(b) for b in blobs], out=offsets[1:])
        arrays[f"{side}_blob"] = np.frombuffer(b"".join(blobs), dtype=np.uint8).copy()
        arrays[f"{side}_offsets"] = offsets
    meta = {"languages": languages, "kinds": kinds, "skills": skills}
    return meta, arrays


def build_index_file(directory: Path | None = None) -> Path:
    """Write the index of the database as it is now and return the file; older files of the generation go."""
    from django.conf import settings
    from django.db import transaction

    from .models import MatchIndexState, Opportunity, TalentProfile

    directory = Path(directory or settings.MATCH_INDEX_DIR)
    directory.mkdir(parents=True, exist_ok=True)
    with transaction.atomic():  # one snapshot: the vectors and the counter they were written under
        state, _created = MatchIndexState.objects.get_or_create(pk=1)
        talents = list(TalentProfile.objects.exclude(match_vector={}).values_list("id", "match_vector"))
        opportunities = list(Opportunity.objects.exclude(match_vector={}).values_list("id", "match_vector"))
    meta, arrays = build_arrays(talents, opportunities)
    meta.update({"generation": state.generation, "seq": state.seq, "deletions": state.deletions})
    path = directory / f"index-{state.generation}-{state.seq:012d}.bin"
    _write(path, meta, arrays)
    for _seq, older in index_files(directory, state.generation)[2:]:  # a worker may still read the one before
        older.unlink(missing_ok=True)
    stale = time.time() - 3600  # files of an earlier database (another generation), unused for an hour
    for entry in os.scandir(directory):
        if entry.name.startswith("index-") and state.generation not in entry.name and entry.stat().st_mtime < stale:
            Path(entry.path).unlink(missing_ok=True)
    return path


def ensure_index_file(directory: Path, generation: str) -> None:
    """Build this generation's first file unless another process has (one builder at a time, by a file lock)."""
    directory.mkdir(parents=True, exist_ok=True)
    with open(directory / ".build.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            if not index_files(directory, generation):
                build_index_file(directory)
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


# ------------------------------------------------------------------------------------------- query


def _rows(
    indptr: np.ndarray, indices: np.ndarray, data: np.ndarray | None, rows: Iterable[int], scale: Iterable[float]
):
    """The (columns, values x scale) of the given rows of a CSR matrix (values 1 when data is None), concatenated."""
    cols, values = [], []
    limit = len(indptr) - 1
    for row, factor in zip(rows, scale, strict=True):
        if 0 <= row < limit:
            start, end = indptr[row], indptr[row + 1]
            if end > start:
                cols.append(indices[start:end])
                values.append(np.full(end - start, factor) if data is None else data[start:end] * factor)
    if not cols:
        return np.zeros(0, dtype=np.int32), np.zeros(0)
    return np.concatenate(cols), np.concatenate(values)


def _sum_rows(matrix: tuple, rows: list[int], scale: list[float], size: int) -> np.ndarray:
    indptr, indices, data = matrix
    cols, values = _rows(indptr, indices, data, rows, scale)
    return np.bincount(cols, weights=values, minlength=size) if len(cols) else np.zeros(size)


def _order(estimate: np.ndarray, positions: np.ndarray, k: int) -> Iterator[tuple[float, int]]:
    """(bound, position) best first: a partial sort of the best few, then the rest only if the search needs it."""
    if not len(positions):
        return
    first = min(len(positions), 4 * k + 32)
    part = np.argpartition(-estimate, first - 1)[:first] if first < len(positions) else np.arange(len(positions))
    part = part[np.argsort(-estimate[part], kind="stable")]
    for i in part:
        yield float(estimate[i]) + MARGIN, int(positions[i])
    if first < len(positions):
        rest = np.setdiff1d(np.arange(len(positions)), part, assume_unique=True)
        rest = rest[np.argsort(-estimate[rest], kind="stable")]
        for i in rest:
            yield float(estimate[i]) + MARGIN, int(positions[i])


@dataclass
class IndexFile:
    """One mapped index file and the id -> row lookups of its two sides."""

    path: Path
    meta: dict
    a: dict[str, np.ndarray]

    decoded: dict[tuple[str, int], TalentVector | OpportunityVector] = field(default_factory=dict)
    held: sparse.csr_matrix = field(init=False)
    present: sparse.csr_matrix = field(init=False)
    skill_rows: int = field(init=False)

    def __post_init__(self) -> None:
        a = self.a
        self.skill_rows = len(a["held_indptr"]) - 1
        shape = (self.skill_rows, len(a["t_id"]))
        # skills x people, straight from the mapped arrays (no copy): level factors, and ones (held at all)
        self.held = sparse.csr_matrix((a["held_data"], a["held_indices"], a["held_indptr"]), shape=shape, copy=False)
        self.present = sparse.csr_matrix((a["held_ones"], a["held_indices"], a["held_indptr"]), shape=shape, copy=False)

    def _asked_matrix(self, entries: list[tuple[int, int, float]], columns: int) -> sparse.csr_matrix:
        """asked skills x skills from (skill, asked skill, value), skills unknown to the file left out."""
        kept = [(s, j, v) for s, j, v in entries if s < self.skill_rows]
        rows = [s for s, _j, _v in kept]
        cols = [j for _s, j, _v in kept]
        return sparse.csr_matrix(([v for _s, _j, v in kept], (cols, rows)), shape=(columns, self.skill_rows))

    @classmethod
    def open(cls, path: Path) -> "IndexFile":
        meta, arrays = _read(path)
        return cls(path, meta, arrays)

    @property
    def seq(self) -> int:
        return int(self.meta["seq"])

    def talent(self, pos: int) -> TalentVector:
        vector = self.decoded.get(("t", pos))
        if vector is None:
            a = self.a
            data = json.loads(bytes(a["t_blob"][a["t_offsets"][pos] : a["t_offsets"][pos + 1]]))
            vector = self._keep(("t", pos), TalentVector.from_json(int(a["t_id"][pos]), data))
        return vector  # type: ignore[return-value]

    def opportunity(self, pos: int) -> OpportunityVector:
        vector = self.decoded.get(("o", pos))
        if vector is None:
            a = self.a
            data = json.loads(bytes(a["o_blob"][a["o_offsets"][pos] : a["o_offsets"][pos + 1]]))
            vector = self._keep(("o", pos), OpportunityVector.from_json(int(a["o_id"][pos]), data))
        return vector  # type: ignore[return-value]

    def _keep(self, key: tuple[str, int], vector):
        """Remember a decoded vector: the same people and opportunities come up again and again."""
        if len(self.decoded) >= DECODED_MAX:
            self.decoded.pop(next(iter(self.decoded)), None)
        self.decoded[key] = vector
        return vector

    def positions(self, side: str, ids: Iterable[int]) -> np.ndarray:
        keys = self.a[f"{side}_id"]
        ids = np.fromiter(ids, dtype=np.int64)
        where = np.searchsorted(keys, ids)
        inside = where < len(keys)
        where, ids = where[inside], ids[inside]
        return where[keys[where] == ids]

    def _words(self, terms: frozenset[str]) -> list[int]:
        hashes = self.a["term_hash"]
        rows = []
        for h in {_hash(w) for w in terms}:
            i = int(np.searchsorted(hashes, h))
            if i < len(hashes) and hashes[i] == h:
                rows.append(i)
        return rows

    # -- one opportunity's people

    def estimate_talents(self, o: OpportunityVector, today: int, hidden: np.ndarray | None):
        """(estimate, positions) of the people who can match the opportunity; estimate >= the exact score."""
        a = self.a
        n = len(a["t_id"])
        weights = (a["held_indptr"], a["held_indices"], a["held_weight"])
        if o.skill_weight_total:
            # asked skills x people: the level factor where held, else the bounded related credit (a level factor
            # is at least 0.8 and related credit at most RELATED_CREDIT, so the larger of the two is the credit)
            asked = [
                (skill, related, times * o.weights.get(skill, 1.0))
                for times, group in ((2, o.required), (1, o.optional))
                for skill, related in group
            ]
            direct = self._asked_matrix([(skill, j, 1.0) for j, (skill, _r, _m) in enumerate(asked)], len(asked))
            near = self._asked_matrix(
                [
                    (other, j, o.shares.get(other, 1.0))
                    for j, (_s, related, _m) in enumerate(asked)
                    for other in related
                ],
                len(asked),
            )
            credit = (direct @ self.held).maximum((near @ self.present).minimum(1.0) * matching.RELATED_CREDIT)
            mass = np.asarray([m for _s, _r, m in asked])
            coverage = (credit.T @ mass) / o.skill_weight_total
            uses = sorted(o.uses)
            used = _sum_rows(weights, uses, [o.uses[s] for s in uses], n)
            total = a["t_weight_total"]
            precision = np.divide(used, total, out=np.zeros(n), where=total > 0)
            beta2 = matching.FIT_BETA**2
            denominator = beta2 * precision + coverage
            fit = np.divide((1 + beta2) * coverage * precision, denominator, out=np.zeros(n), where=denominator > 0)
            keep = coverage > 0
            if hidden is not None:
                keep &= ~hidden
            candidates = np.flatnonzero(keep)
            fit = fit[candidates]
            skills = matching.WEIGHTS["skills"] * fit
            context = 0.5 + 0.5 * fit
        else:
            candidates = np.arange(n) if hidden is None else np.flatnonzero(~hidden)
            skills = np.zeros(len(candidates))
            context = np.ones(len(candidates))
        if not len(candidates):
            return np.zeros(0), candidates
        c = candidates
        w = matching.WEIGHTS
        language_columns = {code: i for i, code in enumerate(self.meta["languages"])}
        ok = np.ones(len(c), dtype=np.bool_)
        met = np.zeros(len(c))
        for code, level, required in o.languages:
            column = language_columns.get(code)
            spoken = a["t_lang"][c, column] if column is not None else np.zeros(len(c), dtype=np.int8)
            enough = spoken >= level
            met += enough
            if required:
                ok &= enough
        languages = w["languages"] * met / len(o.languages) if o.languages else np.zeros(len(c))
        education = np.zeros(len(c))
        if o.education is not None:
            schooling = a["t_education"][c]
            education = np.where(
                (schooling >= 0) & (schooling >= o.education),
                w["education"],
                np.where((schooling >= 0) & (schooling == o.education - 1), w["education"] / 2, 0.0),
            )
        place = self._place_of_talents(o, c)
        reference = o.start if o.start is not None else today
        available = a["t_available"][c]
        availability = np.where(
            available <= reference,
            w["availability"],
            np.where(available <= reference + matching.AVAILABILITY_GRACE_DAYS, w["availability"] / 2, 0.0),
        )
        bit = {k: i for i, k in enumerate(self.meta["kinds"])}.get(o.kind)
        kind = np.zeros(len(c)) if bit is None else ((a["t_kinds"][c] >> bit) & 1) * float(w["kind"])
        text = np.zeros(len(c))
        if o.terms:
            rows = self._words(o.terms)
            if rows:
                tterm = (a["tterm_indptr"], a["tterm_indices"], a["tterm_data"])
                text = _sum_rows(tterm, rows, [1.0] * len(rows), len(a["t_id"]))[c] * (
                    w["text"] / np.sqrt(len(o.terms))
                )
        estimate = skills + context * (languages + education + place + availability + kind) + text
        return estimate[ok], c[ok]

    def _place_of_talents(self, o: OpportunityVector, c: np.ndarray) -> np.ndarray:
        a = self.a
        full = float(matching.WEIGHTS["place"])
        remote = a["t_remote"][c]
        if o.workplace == "remote":
            return np.where(remote, full, 0.0)
        city = _hash(o.city)
        same = (a["t_city"][c] == city) & (a["t_city"][c] != 0) & (city != 0)
        mobility = a["t_mobility"][c]
        lives = (mobility == MOBILITY["lives-here"]) & (o.city == matching.HOME_CITY)
        move = a["t_move"][c]
        in_time = move != LAST
        if o.start is not None:
            in_time &= move <= o.start
        moving = np.where(mobility == MOBILITY["will-move"], np.where(in_time, 0.8 * full, 0.5 * full), 0.0)
        if o.workplace == "hybrid":
            moving = np.maximum(moving, np.where(remote, 0.5 * full, 0.0))
        return np.where(same | lives, full, moving)

    # -- one person's opportunities

    def estimate_opportunities(self, t: TalentVector, today: int, hidden: np.ndarray | None):
        a = self.a
        m = len(a["o_id"])
        size = int(self.meta["skills"])
        held = [s for s in t.skills if s < size]
        level = np.zeros(size)
        for s in held:
            level[s] = matching.LEVEL_FACTOR.get(t.skills[s], 0.9)
        slots = len(a["slot_opp"])
        direct = level[a["slot_skill"]] if slots else np.zeros(0)
        stand_in = _sum_rows((a["rel_indptr"], a["rel_indices"], a["rel_data"]), held, [1.0] * len(held), slots)
        credit = np.where(direct > 0, direct, matching.RELATED_CREDIT * np.minimum(1.0, stand_in))
        mass = a["o_mass"]
        covered = np.bincount(a["slot_opp"], weights=a["slot_mass"] * credit, minlength=m) if slots else np.zeros(m)
        coverage = np.divide(covered, mass, out=np.zeros(m), where=mass > 0)
        used = _sum_rows(
            (a["use_indptr"], a["use_indices"], a["use_data"]), held, [t.weights.get(s, 1.0) for s in held], m
        )
        precision = used / t.weight_total if t.weight_total else np.zeros(m)
        beta2 = matching.FIT_BETA**2
        denominator = beta2 * precision + coverage
        fit = np.divide((1 + beta2) * coverage * precision, denominator, out=np.zeros(m), where=denominator > 0)
        skill_free = mass == 0
        ok = (skill_free | (coverage > 0)) & (a["o_closes"] >= today)
        if hidden is not None:
            ok &= ~hidden
        c = np.flatnonzero(ok)
        fit = fit[c]
        free = skill_free[c]
        skills = np.where(free, 0.0, matching.WEIGHTS["skills"] * fit)
        context = np.where(free, 1.0, 0.5 + 0.5 * fit)
        w = matching.WEIGHTS
        languages_meta = self.meta["languages"]
        spoken = np.asarray([t.languages.get(code, 0) for code in languages_meta] or [0], dtype=np.int16)
        minimum = a["o_lang_min"][c].astype(np.int16)
        asked = minimum > 0
        enough = asked & (spoken[None, :] >= minimum)
        lacking = (a["o_lang_req"][c] & asked & ~enough).any(axis=1)
        count = a["o_lang_count"][c]
        languages = np.divide(w["languages"] * enough.sum(axis=1), count, out=np.zeros(len(c)), where=count > 0)
        education = np.zeros(len(c))
        if t.education is not None:
            asked_level = a["o_education"][c]
            education = np.where(
                (asked_level >= 0) & (t.education >= asked_level),
                w["education"],
                np.where((asked_level >= 0) & (t.education == asked_level - 1), w["education"] / 2, 0.0),
            )
        place = self._place_of_opportunities(t, c)
        availability = np.zeros(len(c))
        if t.available is not None:
            start = a["o_start"][c]
            reference = np.where(start >= 0, start, today)
            availability = np.where(
                t.available <= reference,
                w["availability"],
                np.where(t.available <= reference + matching.AVAILABILITY_GRACE_DAYS, w["availability"] / 2, 0.0),
            )
        kinds = self.meta["kinds"]
        mask = sum(1 << i for i, k in enumerate(kinds) if k in t.looking_for)
        bits = a["o_kind_bit"][c]
        kind = np.where((bits >= 0) & ((mask >> np.maximum(bits, 0)) & 1 == 1), float(w["kind"]), 0.0)
        text = np.zeros(len(c))
        if t.terms:
            rows = self._words(t.terms)
            if rows:
                oterm = (a["oterm_indptr"], a["oterm_indices"], a["oterm_data"])
                text = _sum_rows(oterm, rows, [1.0] * len(rows), m)[c] * (w["text"] / np.sqrt(len(t.terms)))
        estimate = skills + context * (languages + education + place + availability + kind) + text
        return estimate[~lacking], c[~lacking]

    def _place_of_opportunities(self, t: TalentVector, c: np.ndarray) -> np.ndarray:
        a = self.a
        full = float(matching.WEIGHTS["place"])
        workplace = a["o_workplace"][c]
        city = a["o_city"][c]
        mine = _hash(t.city)
        same = (city == mine) & (city != 0) & (mine != 0)
        lives = a["o_home"][c] & (t.mobility == "lives-here")
        moving = np.zeros(len(c))
        if t.mobility == "will-move":
            start = a["o_start"][c]
            in_time = (t.move is not None) & ((start < 0) | ((t.move or 0) <= start))
            moving = np.where(in_time, 0.8 * full, 0.5 * full)
        if t.remote:
            moving = np.where(workplace == WORKPLACE["hybrid"], np.maximum(moving, 0.5 * full), moving)
        on_site = np.where(same | lives, full, moving)
        return np.where(workplace == WORKPLACE["remote"], full if t.remote else 0.0, on_site)


@dataclass
class MatchIndex:
    """This process's view: the newest mapped file of the database's generation plus the overlay since."""

    directory: Path | None = None
    file: IndexFile | None = None
    generation: str = ""
    seq: int = -1
    deletions: int = -1
    talents: dict[int, TalentVector | None] = field(default_factory=dict)  # changed since the file
    opportunities: dict[int, OpportunityVector | None] = field(default_factory=dict)
    hidden_talents: np.ndarray | None = None  # rows of the file superseded by the overlay or deleted
    hidden_opportunities: np.ndarray | None = None
    lock: threading.RLock = field(default_factory=threading.RLock)

    def _directory(self) -> Path:
        from django.conf import settings

        return Path(self.directory or settings.MATCH_INDEX_DIR)

    def sync(self) -> None:
        """Bring the view up to date: one cheap query when nothing changed."""
        from .models import MatchIndexState

        row = MatchIndexState.objects.get_or_create(pk=1)[0]
        generation, seq, deletions = row.generation, row.seq, row.deletions
        with self.lock:
            directory = self._directory()
            files = index_files(directory, generation)
            if not files:  # nobody built this database's first file yet (the queue worker normally has)
                ensure_index_file(directory, generation)
                files = index_files(directory, generation)
            newest = files[0][1]
            if self.file is None or self.file.path != newest:
                self._open(IndexFile.open(newest))  # the overlay starts again from the file's counter
            if seq <= self.seq and deletions == self.deletions:
                return  # nothing changed since the file (or since the last look)
            self._apply_changes(seq, deletions)
            self.seq, self.deletions = max(seq, self.seq), deletions

    def _open(self, file: IndexFile) -> None:
        self.file = file
        self.talents, self.opportunities = {}, {}
        self.seq, self.deletions = file.seq, int(file.meta["deletions"])
        self.generation = file.meta["generation"]
        self.hidden_talents = np.zeros(len(file.a["t_id"]), dtype=np.bool_)
        self.hidden_opportunities = np.zeros(len(file.a["o_id"]), dtype=np.bool_)

    def _apply_changes(self, seq: int, deletions: int) -> None:
        from .models import Opportunity, TalentProfile

        assert self.file is not None and self.hidden_talents is not None and self.hidden_opportunities is not None
        since = self.seq
        for pk, data in TalentProfile.objects.filter(vector_seq__gt=since).values_list("id", "match_vector"):
            person = TalentVector.from_json(pk, data) if data else None
            self.talents[pk] = person if person and person.visibility != matching.VISIBLE_NOBODY else None
        for pk, data in Opportunity.objects.filter(vector_seq__gt=since).values_list("id", "match_vector"):
            posting = OpportunityVector.from_json(pk, data) if data else None
            self.opportunities[pk] = posting if posting and posting.open else None
        self.hidden_talents[self.file.positions("t", self.talents)] = True
        self.hidden_opportunities[self.file.positions("o", self.opportunities)] = True
        if deletions != self.deletions:
            ids = set(map(int, self.file.a["t_id"])) - set(TalentProfile.objects.values_list("id", flat=True))
            for pk in ids:
                self.talents[pk] = None
            self.hidden_talents[self.file.positions("t", ids)] = True
            ids = set(map(int, self.file.a["o_id"])) - set(Opportunity.objects.values_list("id", flat=True))
            for pk in ids:
                self.opportunities[pk] = None
            self.hidden_opportunities[self.file.positions("o", ids)] = True

    # -- vectors of ranked rows (for their explanations, without reading them from the database again)

    def talent_vector(self, pk: int) -> TalentVector | None:
        with self.lock:
            if pk in self.talents:
                return self.talents[pk]
            file, hidden = self.file, self.hidden_talents
        if file is None or hidden is None:
            return None
        found = file.positions("t", [pk])
        return file.talent(int(found[0])) if len(found) and not hidden[found[0]] else None

    def opportunity_vector(self, pk: int) -> OpportunityVector | None:
        with self.lock:
            if pk in self.opportunities:
                return self.opportunities[pk]
            file, hidden = self.file, self.hidden_opportunities
        if file is None or hidden is None:
            return None
        found = file.positions("o", [pk])
        return file.opportunity(int(found[0])) if len(found) and not hidden[found[0]] else None

    # -- ranking

    def top_talents(self, o: OpportunityVector, *, today: int, k: int = 20) -> list[tuple[float, int]]:
        """The same top k as matching.rank_talents_plain over every visible person."""
        if not matching.is_available(o, today):
            return []
        with self.lock:
            file, hidden = self.file, self.hidden_talents
            changed = [t for t in self.talents.values() if t is not None]
        extra = [r for t in changed if (r := matching.rank_talent(t, o, today)) is not None]
        if file is None:
            return matching.top(extra, k)
        estimate, positions = file.estimate_talents(o, today, hidden)
        return _search(
            _order(estimate, positions, k), lambda pos: matching.rank_talent(file.talent(pos), o, today), extra, k
        )

    def top_opportunities(self, t: TalentVector, *, today: int, k: int = 20) -> list[tuple[float, int]]:
        """The same top k as matching.rank_opportunities_plain over every open opportunity."""
        with self.lock:
            file, hidden = self.file, self.hidden_opportunities
            changed = [o for o in self.opportunities.values() if o is not None]
        extra = [r for o in changed if (r := matching.rank_opportunity(t, o, today)) is not None]
        if file is None:
            return matching.top(extra, k)
        estimate, positions = file.estimate_opportunities(t, today, hidden)
        return _search(
            _order(estimate, positions, k),
            lambda pos: matching.rank_opportunity(t, file.opportunity(pos), today),
            extra,
            k,
        )


def _search(order, exact, extra: list[Ranked], k: int) -> list[tuple[float, int]]:
    return matching.search(order, exact, k, found=extra)


_index = MatchIndex()


def shared_index() -> MatchIndex:
    """This process's index, brought up to date with the database."""
    _index.sync()
    return _index
