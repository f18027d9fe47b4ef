"""Loading ESCO's official CSV export (any language edition; files may be gzip-compressed).

ESCO, European Commission: reused with attribution under the Commission's reuse policy
(Decision 2011/833/EU). The copy shipped in `talentas/talent/esco/` is ESCO v1.1.1, English.

`import_esco_directory` is idempotent (rows are upserted by concept URI, relations added once) and
works in bulk: the full English classification loads in well under a few minutes on SQLite.
Lithuanian labels come from `labels_lt.csv` (hand-checked, shipped) and, when a deployment has it,
the Lithuanian edition's `skills_lt.csv` / `occupations_lt.csv`, which share the concept URIs.
"""

import csv
import gzip
import hashlib
import io
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction
from django.utils import timezone

from .models import EscoImportState, LabelSource, Occupation, OccupationSkill, Skill, SkillRelation

SHIPPED_DIRECTORY = Path(__file__).parent / "esco"
ATTRIBUTION = "ESCO, European Commission (v1.1.1)"
BATCH = 2000


@dataclass
class ImportReport:
    counts: dict[str, int] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)

    def add(self, what: str, number: int) -> None:
        self.counts[what] = self.counts.get(what, 0) + number


def _open(directory: Path, name: str) -> io.TextIOBase | None:
    plain, packed = directory / name, directory / f"{name}.gz"
    if plain.exists():
        return open(plain, encoding="utf-8", newline="")
    if packed.exists():
        return io.TextIOWrapper(gzip.open(packed), encoding="utf-8", newline="")
    return None


def _rows(directory: Path, name: str, report: ImportReport) -> Iterator[tuple[int, dict[str, str]]]:
    """(line number, row) of a CSV file; nothing when the file is absent."""
    handle = _open(directory, name)
    if handle is None:
        return
    with handle:
        reader = csv.DictReader(handle)
        start = 2  # the record's first line: a quoted field may span several lines
        for row in reader:
            yield start, row
            start = reader.line_num + 1


def _labels(text: str) -> str:
    seen: dict[str, None] = {}
    for label in (text or "").splitlines():
        label = label.strip()
        if label:
            seen.setdefault(label)
    return "\n".join(seen)


def search_text(*labels: str) -> str:
    return "\n".join(label.casefold() for label in labels if label)


def _refresh_search_text(obj) -> None:
    obj.search_text = search_text(obj.label_en, obj.alt_labels_en, obj.label_lt, obj.alt_labels_lt)


def _upsert(model, objects: list, fields: list[str]) -> None:
    for start in range(0, len(objects), BATCH):
        model.objects.bulk_create(
            objects[start : start + BATCH], update_conflicts=True, unique_fields=["uri"], update_fields=fields
        )


def _bad(report: ImportReport, name: str, line: int, reason: str) -> None:
    if len(report.problems) < 1000:
        report.problems.append(f"{name}:{line}: {reason}")


def esco_files_digest(directory: Path) -> str:
    """SHA-256 over every file of the directory (names and contents) and this importer's own code.

    The importer is part of the digest so that a change to how rows are read imports the same files again.
    """
    digest = hashlib.sha256(Path(__file__).read_bytes())
    for path in sorted(p for p in Path(directory).iterdir() if p.is_file()):
        digest.update(path.name.encode() + b"\0")
        digest.update(path.read_bytes())
        digest.update(b"\0")
    return digest.hexdigest()


def esco_already_imported(directory: Path) -> bool:
    """True when the last import was of exactly these files (and its skills are still in the database)."""
    state = EscoImportState.objects.first()
    return bool(state and state.digest == esco_files_digest(directory) and Skill.objects.exists())


def import_esco_directory(directory: Path, *, progress: Callable[[str], None] = lambda _: None) -> ImportReport:
    """Load (or update) skills, occupations, their relations and hierarchies, and Lithuanian labels."""
    directory = Path(directory)
    report = ImportReport()
    with transaction.atomic():
        _import_concepts(directory, report, progress)
        skill_ids = dict(Skill.objects.values_list("uri", "id"))
        occupation_ids = dict(Occupation.objects.values_list("uri", "id"))
        _import_occupation_skills(directory, report, progress, skill_ids, occupation_ids)
        _import_skill_relations(directory, report, progress, skill_ids)
        _import_hierarchies(directory, report, progress, skill_ids, occupation_ids)
        _import_lithuanian(directory, report, progress)
        if report.counts:
            EscoImportState.objects.all().delete()
            EscoImportState.objects.create(
                digest=esco_files_digest(directory), directory=str(directory)[:500], imported_at=timezone.now()
            )
    return report


def _import_concepts(directory: Path, report: ImportReport, progress) -> None:
    skills: dict[str, Skill] = {}
    for name, group in (("skills_en.csv", False), ("skillGroups_en.csv", True)):
        for line, row in _rows(directory, name, report):
            uri, label = (row.get("conceptUri") or "").strip(), (row.get("preferredLabel") or "").strip()
            if not uri.startswith("http") or not label:
                _bad(report, name, line, "no concept URI or preferred label")
                continue
            skill_type = Skill.Type.GROUP if group else (row.get("skillType") or Skill.Type.SKILL)
            if skill_type not in Skill.Type.values:
                _bad(report, name, line, f"unknown skill type {skill_type!r}")
                continue
            skill = Skill(
                uri=uri[:255],
                skill_type=skill_type,
                reuse_level=(row.get("reuseLevel") or "")[:30],
                label_en=label[:255],
                alt_labels_en=_labels(row.get("altLabels", "")),
                description_en=row.get("description") or "",
            )
            _refresh_search_text(skill)
            skills[uri] = skill
    if skills:
        # Lithuanian columns are left alone here: an update of the English edition keeps them.
        _upsert(
            Skill,
            list(skills.values()),
            ["skill_type", "reuse_level", "label_en", "alt_labels_en", "description_en", "search_text"],
        )
    report.add("skills", len(skills))
    progress(f"skills: {len(skills)}")

    occupations: dict[str, Occupation] = {}
    for name, group in (("occupations_en.csv", False), ("ISCOGroups_en.csv", True)):
        for line, row in _rows(directory, name, report):
            uri, label = (row.get("conceptUri") or "").strip(), (row.get("preferredLabel") or "").strip()
            if not uri.startswith("http") or not label:
                _bad(report, name, line, "no concept URI or preferred label")
                continue
            occupation = Occupation(
                uri=uri[:255],
                code=(row.get("code") or "")[:40],
                isco_group=(row.get("iscoGroup") or (row.get("code") if group else "") or "")[:8],
                is_group=group,
                label_en=label[:255],
                alt_labels_en=_labels(row.get("altLabels", "")),
                description_en=row.get("description") or "",
            )
            _refresh_search_text(occupation)
            occupations[uri] = occupation
    if occupations:
        _upsert(
            Occupation,
            list(occupations.values()),
            ["code", "isco_group", "is_group", "label_en", "alt_labels_en", "description_en", "search_text"],
        )
    report.add("occupations", len(occupations))
    progress(f"occupations: {len(occupations)}")


def _import_occupation_skills(directory, report, progress, skill_ids, occupation_ids) -> None:
    name = "occupationSkillRelations.csv"
    links: dict[tuple[int, int], str] = {}
    for line, row in _rows(directory, name, report):
        occupation, skill = occupation_ids.get(row.get("occupationUri", "")), skill_ids.get(row.get("skillUri", ""))
        relation = row.get("relationType", "")
        if occupation is None or skill is None:
            _bad(report, name, line, "unknown occupation or skill URI")
            continue
        if relation not in OccupationSkill.Relation.values:
            _bad(report, name, line, f"unknown relation type {relation!r}")
            continue
        links[(occupation, skill)] = relation
    existing = set(OccupationSkill.objects.values_list("occupation_id", "skill_id", "relation"))
    new = [
        OccupationSkill(occupation_id=o, skill_id=s, relation=r)
        for (o, s), r in links.items()
        if (o, s, r) not in existing
    ]
    if new:
        changed = {(link.occupation_id, link.skill_id) for link in new}
        # A relation whose type changed is replaced; the delete touches only those pairs.
        stale = [
            pk
            for pk, o, s in OccupationSkill.objects.values_list("pk", "occupation_id", "skill_id")
            if (o, s) in changed
        ]
        for start in range(0, len(stale), BATCH):
            OccupationSkill.objects.filter(pk__in=stale[start : start + BATCH]).delete()
        OccupationSkill.objects.bulk_create(new, batch_size=BATCH)
    report.add("occupation-skill relations", len(links))
    progress(f"occupation-skill relations: {len(links)} ({len(new)} new or changed)")


def _import_skill_relations(directory, report, progress, skill_ids) -> None:
    name = "skillSkillRelations.csv"
    links = []
    for line, row in _rows(directory, name, report):
        skill, related = skill_ids.get(row.get("originalSkillUri", "")), skill_ids.get(row.get("relatedSkillUri", ""))
        relation = row.get("relationType", "")
        if skill is None or related is None or skill == related:
            _bad(report, name, line, "unknown skill URI")
            continue
        if relation not in OccupationSkill.Relation.values:
            _bad(report, name, line, f"unknown relation type {relation!r}")
            continue
        links.append(SkillRelation(skill_id=skill, related_id=related, relation=relation))
    SkillRelation.objects.bulk_create(links, batch_size=BATCH, ignore_conflicts=True)
    report.add("skill relations", len(links))
    progress(f"skill relations: {len(links)}")


def _import_hierarchies(directory, report, progress, skill_ids, occupation_ids) -> None:
    name = "broaderRelationsSkillPillar.csv"
    through = Skill.broader.through
    links = []
    for line, row in _rows(directory, name, report):
        narrower, broader = skill_ids.get(row.get("conceptUri", "")), skill_ids.get(row.get("broaderUri", ""))
        if narrower is None or broader is None or narrower == broader:
            _bad(report, name, line, "unknown skill URI")
            continue
        links.append(through(from_skill_id=narrower, to_skill_id=broader))
    through.objects.bulk_create(links, batch_size=BATCH, ignore_conflicts=True)
    report.add("skill hierarchy links", len(links))
    progress(f"skill hierarchy links: {len(links)}")

    name = "broaderRelationsOccPillar.csv"
    broader_of: dict[int, int] = {}
    for line, row in _rows(directory, name, report):
        narrower, broader = occupation_ids.get(row.get("conceptUri", "")), occupation_ids.get(row.get("broaderUri", ""))
        if narrower is None or broader is None or narrower == broader:
            _bad(report, name, line, "unknown occupation URI")
            continue
        broader_of[narrower] = broader
    current = dict(Occupation.objects.filter(broader__isnull=False).values_list("id", "broader_id"))
    changed = [Occupation(id=o, broader_id=b) for o, b in broader_of.items() if current.get(o) != b]
    Occupation.objects.bulk_update(changed, ["broader"], batch_size=BATCH)
    report.add("occupation hierarchy links", len(broader_of))
    progress(f"occupation hierarchy links: {len(broader_of)}")


PLATFORM_LABELS = "labels_lt.csv"
OFFICIAL_LABELS = ("skills_lt.csv", "occupations_lt.csv", "skillGroups_lt.csv", "ISCOGroups_lt.csv")


def _import_lithuanian(directory: Path, report: ImportReport, progress) -> None:
    """The platform's hand-checked labels first, then a Lithuanian edition's files: the official translation
    wins and flips the source to official; a later run of the platform's labels never replaces it."""
    labels: dict[str, tuple[str, str, str]] = {}
    for name in (PLATFORM_LABELS, *OFFICIAL_LABELS):
        source = LabelSource.PLATFORM if name == PLATFORM_LABELS else LabelSource.OFFICIAL
        for line, row in _rows(directory, name, report):
            uri, label = (row.get("conceptUri") or "").strip(), (row.get("preferredLabel") or "").strip()
            if not uri or not label:
                _bad(report, name, line, "no concept URI or preferred label")
                continue
            labels[uri] = (label[:255], _labels(row.get("altLabels", "")), source)
    if not labels:
        return
    found, known = 0, set()
    for model in (Skill, Occupation):
        objects = list(model.objects.filter(uri__in=list(labels)))
        known.update(obj.uri for obj in objects)
        changed = []
        for obj in objects:
            label, synonyms, source = labels[obj.uri]
            if source == LabelSource.PLATFORM and obj.label_lt_source == LabelSource.OFFICIAL:
                continue
            obj.label_lt, obj.alt_labels_lt, obj.label_lt_source = label, synonyms, source
            _refresh_search_text(obj)
            changed.append(obj)
        model.objects.bulk_update(
            changed, ["label_lt", "alt_labels_lt", "label_lt_source", "search_text"], batch_size=BATCH
        )
        found += len(objects)
    for uri in set(labels) - known:
        _bad(report, "Lithuanian labels", 0, f"no concept {uri}")
    report.add("Lithuanian labels", found)
    progress(f"Lithuanian labels: {found}")
