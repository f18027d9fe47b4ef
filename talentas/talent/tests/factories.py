import factory
from factory.django import DjangoModelFactory

from talentas.talent.esco import search_text
from talentas.talent.models import Occupation, OccupationSkill, Skill, SkillRelation


class SkillFactory(DjangoModelFactory):
    class Meta:
        model = Skill
        skip_postgeneration_save = True

    uri = factory.Sequence(lambda n: f"http://data.europa.eu/esco/skill/test-{n}")
    label_en = factory.Sequence(lambda n: f"skill {n}")
    label_lt = ""
    alt_labels_en = ""
    alt_labels_lt = ""
    search_text = factory.LazyAttribute(lambda o: search_text(o.label_en, o.alt_labels_en, o.label_lt, o.alt_labels_lt))


class OccupationFactory(DjangoModelFactory):
    class Meta:
        model = Occupation

    uri = factory.Sequence(lambda n: f"http://data.europa.eu/esco/occupation/test-{n}")
    label_en = factory.Sequence(lambda n: f"occupation {n}")
    search_text = factory.LazyAttribute(lambda o: search_text(o.label_en, o.label_lt))


class OccupationSkillFactory(DjangoModelFactory):
    class Meta:
        model = OccupationSkill

    occupation = factory.SubFactory(OccupationFactory)
    skill = factory.SubFactory(SkillFactory)
    relation = "essential"


class SkillRelationFactory(DjangoModelFactory):
    class Meta:
        model = SkillRelation

    skill = factory.SubFactory(SkillFactory)
    related = factory.SubFactory(SkillFactory)
    relation = "optional"
