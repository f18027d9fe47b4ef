"""`backup` then `restore`: the database's rows and the private files come back exactly, into a wiped install."""

import tarfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command

from talentas.accounts.models import User
from talentas.organisations.models import Membership, Organisation
from talentas.organisations.tests.factories import MembershipFactory
from talentas.talent import services as talent_services
from talentas.talent.models import TalentProfile
from talentas.talent.tests.conftest import make_profile
from talentas.talent.tests.test_profile import PDF

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def private_files(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "private"
    return settings.MEDIA_ROOT


def _snapshot() -> dict:
    return {
        "users": sorted(User.objects.values_list("email", "full_name")),
        "organisations": sorted(Organisation.objects.values_list("slug", "name")),
        "memberships": sorted(Membership.objects.values_list("user__email", "organisation__slug", "role")),
        "profiles": sorted(TalentProfile.objects.values_list("user__email", "headline", "cv")),
    }


def test_a_backup_restores_the_data_and_the_files_into_a_wiped_install(tmp_path, private_files):
    MembershipFactory(role=Membership.Role.OWNER)
    profile = make_profile(headline="Data engineer")
    profile = talent_services.attach_cv(user=profile.user, upload=SimpleUploadedFile("cv.pdf", PDF))
    before = _snapshot()
    archive = tmp_path / "talentas.tar.gz"

    call_command("backup", str(archive), verbosity=0)
    with tarfile.open(archive) as contents:
        assert {"manifest.json", "database.json", f"files/{profile.cv.name}"} <= set(contents.getnames())

    call_command("flush", interactive=False, verbosity=0)
    profile.cv.storage.delete(profile.cv.name)
    assert _snapshot()["users"] == []

    call_command("restore", str(archive), "--replace", verbosity=0)
    assert _snapshot() == before
    restored = TalentProfile.objects.get(headline="Data engineer")
    with restored.cv.open("rb") as cv:
        assert cv.read() == PDF


def test_restore_asks_for_confirmation_and_refuses_other_archives(tmp_path):
    archive = tmp_path / "not-a-backup.tar.gz"
    with tarfile.open(archive, "w:gz") as contents:
        contents.add(__file__, arcname="something.py")
    with pytest.raises(CommandError, match="--replace"):
        call_command("restore", str(archive))
    with pytest.raises(CommandError, match="not a Talentas backup"):
        call_command("restore", str(archive), "--replace")
