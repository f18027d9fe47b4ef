"""The ESCO importer and the vocabulary's autocomplete and resolution."""

import csv
import gzip
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation

from talentas.talent import selectors
from talentas.talent.esco import import_esco_directory
from talentas.talent.models import EscoImportState, LabelSource, Occupation, OccupationSkill, Skill, SkillRelation
from talentas.talent.tests.factories import SkillFactory

S = "http://data.europa.eu/esco/skill/"
OCC = "http://data.europa.eu/esco/occupation/"


def _write(path, name, header, rows, packed=False):
    target = path / (name + (".gz" if packed else ""))
    text = StringIO()
    writer = csv.writer(text)
    writer.writerow(header)
    writer.writerows(rows)
    data = text.getvalue().encode()
    target.write_bytes(gzip.compress(data) if packed else data)


@pytest.fixture
def esco_dir(tmp_path):
    _write(
        tmp_path,
        "skills_en.csv",
        ["conceptType", "conceptUri", "skillType", "reuseLevel", "preferredLabel", "altLabels", "description"],
        [
            [
                "KSC",
                S + "py",
                "knowledge",
                "cross-sector",
                "Python (computer programming)",
                "Python\nPython3",
                "A language.",
            ],
            ["KSC", S + "prog", "skill/competence", "cross-sector", "computer programming", "coding", ""],
            ["KSC", S + "weld", "skill/competence", "sector-specific", "welding techniques", "", ""],
            ["KSC", "", "skill/competence", "", "no uri", "", ""],
            ["KSC", S + "bad", "nonsense", "", "bad type", "", ""],
        ],
        packed=True,
    )
    _write(tmp_path, "skillGroups_en.csv", ["conceptType", "conceptUri", "preferredLabel"], [["SG", S + "g1", "ICT"]])
    _write(
        tmp_path,
        "occupations_en.csv",
        ["conceptType", "conceptUri", "iscoGroup", "preferredLabel", "altLabels", "description", "code"],
        [["Occupation", OCC + "dev", "2512", "software developer", "programmer", "", "2512.4"]],
    )
    _write(
        tmp_path,
        "ISCOGroups_en.csv",
        ["conceptType", "conceptUri", "code", "preferredLabel"],
        [["ISCOGroup", "http://data.europa.eu/esco/isco/C2512", "2512", "Software developers"]],
    )
    _write(
        tmp_path,
        "occupationSkillRelations.csv",
        ["occupationUri", "relationType", "skillType", "skillUri"],
        [
            [OCC + "dev", "essential", "knowledge", S + "py"],
            [OCC + "dev", "optional", "", S + "prog"],
            [OCC + "dev", "essential", "", S + "missing"],
        ],
    )
    _write(
        tmp_path,
        "skillSkillRelations.csv",
        ["originalSkillUri", "originalSkillType", "relationType", "relatedSkillType", "relatedSkillUri"],
        [[S + "py", "", "optional", "", S + "prog"]],
    )
    _write(
        tmp_path,
        "broaderRelationsSkillPillar.csv",
        ["conceptType", "conceptUri", "broaderType", "broaderUri"],
        [["KSC", S + "py", "KSC", S + "prog"], ["KSC", S + "prog", "SkillGroup", S + "g1"]],
    )
    _write(
        tmp_path,
        "broaderRelationsOccPillar.csv",
        ["conceptType", "conceptUri", "broaderType", "broaderUri"],
        [["Occupation", OCC + "dev", "ISCOGroup", "http://data.europa.eu/esco/isco/C2512"]],
    )
    _write(
        tmp_path,
        "labels_lt.csv",
        ["conceptUri", "preferredLabel", "altLabels"],
        [[S + "py", "Python (programavimas)", "Pitonas"], [OCC + "dev", "programuotojas", ""]],
    )
    return tmp_path


def test_import_loads_concepts_relations_hierarchies_and_lithuanian_labels(db, esco_dir):
    report = import_esco_directory(esco_dir)
    assert Skill.objects.exclude(skill_type="group").count() == 3
    python = Skill.objects.get(uri=S + "py")
    assert python.label_lt == "Python (programavimas)"
    assert "pitonas" in python.search_text and "python3" in python.search_text
    assert {s.uri for s in python.broader.all()} == {S + "prog"}
    assert SkillRelation.objects.filter(skill=python).count() == 1
    developer = Occupation.objects.get(uri=OCC + "dev")
    assert developer.label_lt == "programuotojas"
    assert developer.broader.is_group
    assert set(OccupationSkill.objects.values_list("skill__uri", "relation")) == {
        (S + "py", "essential"),
        (S + "prog", "optional"),
    }
    problems = "\n".join(report.problems)
    assert "skills_en.csv:6" in problems and "no concept URI" in problems
    assert "skills_en.csv:7" in problems and "unknown skill type" in problems
    assert "occupationSkillRelations.csv:4" in problems


def test_import_is_idempotent_and_keeps_lithuanian_labels_on_an_english_update(db, esco_dir):
    import_esco_directory(esco_dir)
    counts = (Skill.objects.count(), OccupationSkill.objects.count(), SkillRelation.objects.count())
    (esco_dir / "labels_lt.csv").unlink()
    import_esco_directory(esco_dir)
    assert (Skill.objects.count(), OccupationSkill.objects.count(), SkillRelation.objects.count()) == counts
    assert Skill.objects.get(uri=S + "py").label_lt == "Python (programavimas)"


def test_a_lithuanian_edition_attaches_to_the_same_concepts(db, esco_dir):
    _write(
        esco_dir,
        "skills_lt.csv",
        ["conceptUri", "preferredLabel", "altLabels"],
        [[S + "weld", "suvirinimo technika", "suvirinimas"]],
    )
    import_esco_directory(esco_dir)
    assert Skill.objects.get(uri=S + "weld").label_lt == "suvirinimo technika"
    assert Skill.objects.get(uri=S + "weld").label_lt_source == LabelSource.OFFICIAL
    assert selectors.resolve_skill("SUVIRINIMAS").uri == S + "weld"


def test_platform_labels_are_marked_and_an_official_edition_replaces_them_for_good(db, esco_dir, tmp_path_factory):
    import_esco_directory(esco_dir)
    assert Skill.objects.get(uri=S + "py").label_lt_source == LabelSource.PLATFORM
    assert Occupation.objects.get(uri=OCC + "dev").label_lt_source == LabelSource.PLATFORM
    assert Skill.objects.get(uri=S + "prog").label_lt_source == LabelSource.NONE

    official = tmp_path_factory.mktemp("esco_lt")
    _write(official, "skills_lt.csv", ["conceptUri", "preferredLabel", "altLabels"], [[S + "py", "Python", ""]])
    _write(
        official,
        "occupations_lt.csv",
        ["conceptUri", "preferredLabel", "altLabels"],
        [[OCC + "dev", "programinės įrangos kūrėjas", "programuotojas"]],
    )
    import_esco_directory(official)
    python, developer = Skill.objects.get(uri=S + "py"), Occupation.objects.get(uri=OCC + "dev")
    assert (python.label_lt, python.alt_labels_lt, python.label_lt_source) == ("Python", "", LabelSource.OFFICIAL)
    assert (developer.label_lt, developer.label_lt_source) == ("programinės įrangos kūrėjas", LabelSource.OFFICIAL)
    assert "pitonas" not in python.search_text

    # Loading the shipped directory again (its labels_lt.csv) leaves the official labels alone.
    import_esco_directory(esco_dir)
    python = Skill.objects.get(uri=S + "py")
    assert (python.label_lt, python.label_lt_source) == ("Python", LabelSource.OFFICIAL)


def test_an_english_fallback_is_marked_as_english_on_a_lithuanian_page(client, vocabulary):
    untranslated = SkillFactory(label_en="operate forklift", label_lt="")
    with translation.override("lt"):
        url = reverse("talent:skill_row")
    english = client.get(url, {"id": untranslated.pk}, HTTP_ACCEPT_LANGUAGE="lt").content.decode()
    assert (
        f'<span class="skill-name" id="skill-name-{untranslated.pk}"><span lang="en">operate forklift</span></span>'
        in english
    )
    lithuanian = client.get(url, {"id": vocabulary["welding"].pk}, HTTP_ACCEPT_LANGUAGE="lt").content.decode()
    assert ">suvirinimo metodai</span>" in lithuanian and 'lang="en"' not in lithuanian
    with translation.override("en"):
        assert untranslated.label_html == "operate forklift"


def test_command_summarises_bad_rows_in_one_line_and_lists_them_on_request(db, esco_dir):
    out, err = StringIO(), StringIO()
    call_command("import_esco", str(esco_dir), stdout=out, stderr=err)
    assert "ESCO loaded" in out.getvalue() and "4 skills" in out.getvalue()
    assert "3 rows skipped (2 in skills_en.csv, 1 in occupationSkillRelations.csv" in out.getvalue()
    assert len(out.getvalue().strip().splitlines()) == 1 and err.getvalue() == ""
    out, err = StringIO(), StringIO()
    call_command("import_esco", str(esco_dir), "--force", verbosity=2, stdout=out, stderr=err)
    assert "skills: 4" in out.getvalue() and "skipped skills_en.csv:6" in err.getvalue()


def test_the_same_files_are_not_imported_twice(db, esco_dir):
    call_command("import_esco", str(esco_dir), stdout=StringIO(), stderr=StringIO())
    Skill.objects.filter(uri=S + "weld").update(label_en="changed here")
    out = StringIO()
    call_command("import_esco", str(esco_dir), stdout=out, stderr=StringIO())
    assert "up to date" in out.getvalue()
    assert Skill.objects.get(uri=S + "weld").label_en == "changed here"

    call_command("import_esco", str(esco_dir), "--force", stdout=StringIO(), stderr=StringIO())
    assert Skill.objects.get(uri=S + "weld").label_en == "welding techniques"


def test_changed_files_or_an_emptied_vocabulary_import_again(db, esco_dir):
    call_command("import_esco", str(esco_dir), stdout=StringIO(), stderr=StringIO())
    _write(esco_dir, "skillGroups_en.csv", ["conceptType", "conceptUri", "preferredLabel"], [["SG", S + "g2", "Data"]])
    out = StringIO()
    call_command("import_esco", str(esco_dir), stdout=out, stderr=StringIO())
    assert "ESCO loaded" in out.getvalue() and Skill.objects.filter(uri=S + "g2").exists()
    assert EscoImportState.objects.count() == 1

    Skill.objects.all().delete()
    call_command("import_esco", str(esco_dir), stdout=StringIO(), stderr=StringIO())
    assert Skill.objects.filter(uri=S + "py").exists()


def test_resolution_matches_concepts_not_labels(vocabulary):
    python = vocabulary["python"]
    for text in [
        "python",
        "Python",
        "PYTHON3",
        "Python (computer programming)",
        "python (programavimas)",
        "pitonas",
        python.uri,
    ]:
        assert selectors.resolve_skill(text) == python, text
    assert selectors.resolve_skill("pyth") is None


def test_autocomplete_finds_labels_and_synonyms_in_both_languages(client, vocabulary):
    url = reverse("talent:skill_autocomplete")
    for term, expected in [
        ("PYTH", "Python"),
        ("programavimas", "programming"),
        ("suvirin", "welding"),
        ("weld", "welding"),
    ]:
        response = client.get(url, {"q": term}, HTTP_HX_REQUEST="true")
        assert response.status_code == 200
        assert expected in response.content.decode(), term
    assert "No ESCO skill" in client.get(url, {"q": "zzzz"}).content.decode()


def test_skill_row_adds_a_hidden_concept_id(client, vocabulary):
    response = client.get(reverse("talent:skill_row"), {"id": vocabulary["sql"].pk})
    assert f'name="skill" value="{vocabulary["sql"].pk}"' in response.content.decode()
    assert client.get(reverse("talent:skill_row"), {"id": "x"}).status_code == 400
