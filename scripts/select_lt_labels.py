"""Pick the ESCO skills and occupations that get the platform's Lithuanian labels (issue 11).

Reads only the shipped English files and the demo data, so the selection is the same on every run:

1. every skill and occupation the demo uses (talents and opportunities);
2. occupations common in a town like Alytus: the ISCO unit groups of its sectors below, general titles
   first, taken group by group in turn until 200;
3. the essential skills of the demo occupations, then those shared by most of the chosen occupations;
4. the skills most often essential across all ESCO occupations (the ones suggestions surface), to 1,000.

labels_lt.csv holds these and keeps the hand-checked rows of earlier releases beyond them; has_lt says which of
the chosen concepts still lack a Lithuanian label there.

    .venv/bin/python scripts/select_lt_labels.py > /tmp/selection.csv   # kind,uri,English label,has_lt
"""

import csv
import gzip
import os
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ESCO = ROOT / "talentas" / "talent" / "esco"
SKILLS, OCCUPATIONS = 1000, 200
# ISCO-08 unit groups of Alytus' sectors: ICT, manufacturing (metal, wood, furniture, food, electrical),
# retail, hospitality, health care, education, construction, transport and logistics, business services.
_ALYTUS_ISCO = (
    "2511 2512 2513 2514 2519 2521 2522 2523 3511 3512 3513 3514 2144 2151 2152 3113 3115 3122 7212 7213 7214 "
    "7221 7222 7223 7231 7233 7411 7412 7421 7422 7522 7523 8121 8122 8141 8142 8160 8172 8182 8211 8212 8219 "
    "7512 7513 7514 7515 9329 1321 1324 5221 5222 5223 5230 5244 5249 1411 1412 5120 5131 5132 5151 5153 9411 "
    "9412 4224 2211 2212 2221 2222 2261 2262 2264 3211 3212 3221 3256 3258 5321 5322 2310 2320 2330 2341 2342 "
    "2351 2352 2353 2354 2359 5311 5312 7111 7112 7114 7115 7119 7121 7122 7123 7124 7125 7126 7127 7131 7132 "
    "2142 3112 3123 8342 8343 8344 9312 9313 8322 8331 8332 8311 4321 4322 4323 9333 9334 1324 2411 2412 2413 "
    "2421 2422 2423 2424 2431 2432 2433 2434 2611 3313 3314 3322 3323 3332 3333 3334 3341 3343 4110 4120 4131 "
    "4132 4211 4222 4311 4312 4313 4416 2166 2163 2641 2642 3431 9112 9629 1211 1212 1213 1219 1221 1222 1223"
)
ALYTUS_ISCO = list(dict.fromkeys(_ALYTUS_ISCO.split()))


def rows(name: str) -> list[dict[str, str]]:
    with gzip.open(ESCO / f"{name}.csv.gz", "rt", encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def demo_labels() -> tuple[list[str], list[str]]:
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "talentas.settings")
    import django

    django.setup()
    from talentas.talent.demo import OPPORTUNITIES, TALENTS

    skills = [label for talent in TALENTS for label in talent.skills]
    skills += [label for entry in OPPORTUNITIES for label in (*entry.required, *entry.optional)]
    occupations = [entry.occupation for entry in (*TALENTS, *OPPORTUNITIES) if entry.occupation]
    return list(dict.fromkeys(skills)), list(dict.fromkeys(occupations))


def by_label(concepts: list[dict[str, str]]) -> dict[str, str]:
    """casefolded preferred label or synonym -> URI; preferred labels win, as in selectors._resolve."""
    found: dict[str, str] = {}
    for concept in concepts:
        for label in concept["altLabels"].splitlines():
            found.setdefault(label.strip().casefold(), concept["conceptUri"])
    found.update({concept["preferredLabel"].casefold(): concept["conceptUri"] for concept in concepts})
    return found


def select() -> tuple[list[str], list[str], dict[str, str], set[str]]:
    skills, occupations = rows("skills_en"), rows("occupations_en")
    english = {c["conceptUri"]: c["preferredLabel"] for c in (*skills, *occupations)}
    with open(ESCO / "labels_lt.csv", encoding="utf-8", newline="") as handle:
        translated = {row["conceptUri"] for row in csv.DictReader(handle)}
    essential: dict[str, list[str]] = {}
    for link in rows("occupationSkillRelations"):
        if link["relationType"] == "essential":
            essential.setdefault(link["occupationUri"], []).append(link["skillUri"])
    demo_skills, demo_occupations = demo_labels()
    skill_uri, occupation_uri = by_label(skills), by_label(occupations)

    chosen_occupations = [occupation_uri[label.casefold()] for label in demo_occupations]
    # General titles first: top-level ESCO occupations, those with most narrower ones, the shortest names.
    narrower = Counter(link["broaderUri"] for link in rows("broaderRelationsOccPillar"))
    groups: dict[str, list[dict[str, str]]] = {}
    for occupation in sorted(
        occupations,
        key=lambda c: (c["code"].count("."), -narrower[c["conceptUri"]], len(c["preferredLabel"].split()), c["code"]),
    ):
        groups.setdefault(occupation["iscoGroup"], []).append(occupation)
    queues = [groups.get(group, []) for group in ALYTUS_ISCO]
    while len(set(chosen_occupations)) < OCCUPATIONS and any(queues):
        for queue in queues:
            if queue:
                chosen_occupations.append(queue.pop(0)["conceptUri"])
    chosen_occupations = list(dict.fromkeys(chosen_occupations))[:OCCUPATIONS]

    chosen_skills = [skill_uri[label.casefold()] for label in demo_skills]
    for label in demo_occupations:
        chosen_skills += essential.get(occupation_uri[label.casefold()], [])
    shared = Counter(uri for occupation in chosen_occupations for uri in essential.get(occupation, []))
    chosen_skills += [uri for uri, count in shared.most_common() if count >= 3]
    everywhere = Counter(uri for links in essential.values() for uri in links)
    chosen_skills += [uri for uri, _count in everywhere.most_common()]
    chosen_skills = list(dict.fromkeys(chosen_skills))[:SKILLS]
    return chosen_skills, chosen_occupations, english, translated


def main() -> None:
    chosen_skills, chosen_occupations, english, translated = select()
    out = csv.writer(sys.stdout)
    out.writerow(["kind", "conceptUri", "preferredLabel_en", "has_lt"])
    for kind, uris in (("skill", chosen_skills), ("occupation", chosen_occupations)):
        for uri in uris:
            out.writerow([kind, uri, english[uri], "yes" if uri in translated else ""])


if __name__ == "__main__":
    main()
