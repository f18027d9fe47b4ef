"""Pictures people upload (core.pictures): what is refused, what is stored, who may change and who may see them,
and a profile photo's place in the person's data export and erasure."""

import io
import json

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.template import Context, Template
from django.urls import reverse
from PIL import Image

from talentas.core import pictures
from talentas.core.errors import DomainError, PermissionDenied
from talentas.core.models import Picture
from talentas.core.personal_data import erase_personal_data, export_personal_data
from talentas.core.tests import images
from talentas.core.tests.world import build_world
from talentas.events import services as event_services
from talentas.organisations import services as organisation_services
from talentas.talent import services as talent_services

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def world(db):
    return build_world()


def _refusal(upload, kind=Picture.Kind.LOGO) -> str:
    with pytest.raises(DomainError) as refused:
        pictures.store_picture(upload=upload, kind=kind)
    assert refused.value.field == "picture"
    return refused.value.code


def _stored(picture: Picture, width: int) -> Image.Image:
    with default_storage.open(picture.file_name(width)) as handle:
        image = Image.open(io.BytesIO(handle.read()))
        image.load()
    return image


def test_a_text_file_named_png_is_refused():
    assert _refusal(images.upload(b"Dear employer, please find my CV attached.\n" * 20)) == "picture_not_an_image"


def test_a_file_that_breaks_off_is_refused():
    assert _refusal(images.upload(images.image_bytes()[:300])) == "picture_not_an_image"


def test_other_formats_are_refused():
    gif = images.upload(images.image_bytes(image_format="GIF"), name="a.gif", content_type="image/gif")
    assert _refusal(gif) == "picture_format"


def test_too_big_a_file_is_refused_before_it_is_read(monkeypatch):
    monkeypatch.setattr(pictures, "MAX_BYTES", 1000)
    assert _refusal(images.upload()) == "picture_too_big"
    huge = SimpleUploadedFile("big.png", b"\0" * (8 * 1024 * 1024 + 1), content_type="image/png")
    monkeypatch.setattr(pictures, "MAX_BYTES", 8 * 1024 * 1024)
    assert _refusal(huge) == "picture_too_big"


@pytest.mark.parametrize(("width", "height"), [(30_000, 30_000), (9_000, 5_000)])
def test_decompression_bombs_are_refused_from_their_header(width, height):
    """900 million pixels trip Pillow's own guard; 45 million, ours (MAX_PIXELS). Neither is decoded."""
    bomb = images.bomb_png(width, height)
    assert len(bomb) < 1000
    assert _refusal(images.upload(bomb)) == "picture_too_many_pixels"


def test_too_small_a_picture_is_refused():
    assert _refusal(images.upload(images.image_bytes(20, 20))) == "picture_too_small"


def test_a_good_picture_is_kept_as_webp_in_each_width_without_metadata():
    exif = Image.Exif()
    exif[0x0110] = "Secret camera"  # Model
    exif[0x0112] = 6  # Orientation: the camera was turned; the picture must be turned back (90° clockwise)
    jpeg = images.image_bytes(1200, 800, "JPEG", exif=exif.tobytes())
    picture = pictures.store_picture(upload=images.upload(jpeg, "p.jpg", "image/jpeg"), kind=Picture.Kind.LOGO)
    assert picture.widths == [96, 192, 384]
    # Turned upright: 1200 by 800 lying on its side is 800 wide and 1200 tall.
    assert (picture.width, picture.height) == (384, 576)
    for width in picture.widths:
        stored = _stored(picture, width)
        assert stored.format == "WEBP"
        assert stored.size == (width, picture.height_at(width))
        assert not stored.getexif() and "exif" not in stored.info and "icc_profile" not in stored.info
    with default_storage.open(picture.file_name(384)) as handle:
        assert b"Secret camera" not in handle.read()
    # The yellow corner was top-left before turning; turned clockwise it is at the top right.
    upright = _stored(picture, 384).convert("RGB")
    assert upright.getpixel((380, 5))[0] > 180 and upright.getpixel((5, 5))[0] < 100


def test_covers_are_cropped_to_16_by_9_and_never_enlarged():
    picture = pictures.store_picture(upload=images.upload(images.image_bytes(1000, 1000)), kind=Picture.Kind.COVER)
    assert picture.widths == [480, 960]
    assert (picture.width, picture.height) == (960, 540)
    small = pictures.store_picture(upload=images.upload(images.image_bytes(300, 300)), kind=Picture.Kind.PHOTO)
    assert small.widths == [96, 192] and (small.width, small.height) == (192, 192)


def test_the_tag_gives_sizes_dimensions_lazy_loading_and_alt():
    picture = pictures.store_picture(upload=images.upload(images.image_bytes(800, 400)), kind=Picture.Kind.LOGO)
    html = Template('{% load pictures %}{% picture p alt="Logo of Alytus Makers" width=128 %}').render(
        Context({"p": picture})
    )
    for part in (
        f'src="/pictures/{picture.token}/192.webp"',
        f"/pictures/{picture.token}/96.webp 96w, /pictures/{picture.token}/192.webp 192w",
        'width="128" height="64"',
        'alt="Logo of Alytus Makers"',
        'loading="lazy"',
    ):
        assert part in html
    assert Template("{% load pictures %}{% picture None alt='' width=10 %}").render(Context()) == ""


def test_a_public_picture_is_served_to_anyone_and_kept_by_browsers(client):
    picture = pictures.store_picture(upload=images.upload(), kind=Picture.Kind.LOGO)
    response = client.get(reverse("picture", kwargs={"token": picture.token, "width": 192}))
    assert response.status_code == 200
    assert response["Content-Type"] == "image/webp" and "immutable" in response["Cache-Control"]
    assert client.get(reverse("picture", kwargs={"token": picture.token, "width": 500})).status_code == 404
    assert client.get(reverse("picture", kwargs={"token": "nothing", "width": 192})).status_code == 404


def test_replacing_and_removing_a_logo_removes_the_old_files(world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        first = organisation_services.set_logo(
            user=world.owner, organisation=world.organisation, upload=images.upload()
        ).logo
    with django_capture_on_commit_callbacks(execute=True):
        second = organisation_services.set_logo(
            user=world.owner, organisation=world.organisation, upload=images.upload()
        ).logo
    assert first.token != second.token
    assert not Picture.objects.filter(pk=first.pk).exists()
    assert not default_storage.exists(first.file_name(first.width))
    with django_capture_on_commit_callbacks(execute=True):
        organisation_services.remove_logo(user=world.owner, organisation=world.organisation)
    world.organisation.refresh_from_db()
    assert world.organisation.logo is None and not default_storage.exists(second.file_name(second.width))


def test_nobody_else_changes_an_organisations_logo_or_an_events_cover(world, client):
    for stranger in (world.other_member, world.user):
        with pytest.raises(PermissionDenied):
            organisation_services.set_logo(user=stranger, organisation=world.organisation, upload=images.upload())
        with pytest.raises(PermissionDenied):
            event_services.set_cover(user=stranger, event_id=world.event.pk, upload=images.upload())
    client.force_login(world.other_member)
    url = reverse("organisations:logo", kwargs={"slug": world.organisation.slug})
    assert client.post(url, {"picture": images.upload()}).status_code == 403
    assert client.post(reverse("events:cover", kwargs={"event_id": world.event.pk}), {"remove": "1"}).status_code == 403
    world.organisation.refresh_from_db()
    assert world.organisation.logo is None and Picture.objects.count() == 0


def test_the_owner_uploads_a_logo_and_the_pages_show_it(world, client):
    client.force_login(world.owner)
    url = reverse("organisations:logo", kwargs={"slug": world.organisation.slug})
    refused = client.post(url, {"picture": images.upload(b"not a picture at all" * 10)})
    assert refused.status_code == 400 and "error-summary" in refused.text
    response = client.post(url, {"picture": images.upload()})
    assert response.status_code == 302
    world.organisation.refresh_from_db()
    token = world.organisation.logo.token
    page = client.get(world.organisation.get_absolute_url()).text
    assert f"/pictures/{token}/" in page and f'alt="Logo of {world.organisation.name}"' in page
    assert f"/pictures/{token}/" in client.get(reverse("organisations:list")).text


def test_an_organiser_gives_an_event_a_cover_shown_on_its_page_and_card(world, client):
    client.force_login(world.owner)
    response = client.post(
        reverse("events:cover", kwargs={"event_id": world.event.pk}),
        {"picture": images.upload(images.image_bytes(1600, 900))},
    )
    assert response.status_code == 302
    world.event.refresh_from_db()
    token = world.event.cover.token
    assert f"/pictures/{token}/960.webp" in client.get(world.event.get_absolute_url()).text
    assert f"/pictures/{token}/480.webp" in client.get(reverse("events:calendar")).text


def test_a_profile_photo_is_seen_only_with_the_persons_name(world, client):
    profile = talent_services.set_photo(user=world.talent_user, upload=images.upload())
    url = reverse("picture", kwargs={"token": profile.photo.token, "width": profile.photo.width})
    client.force_login(world.talent_user)
    assert client.get(url).status_code == 200
    assert client.get(url)["Cache-Control"].startswith("private")
    assert f"/pictures/{profile.photo.token}/" in client.get(reverse("talent:my_profile")).text
    # An employer sees the profile under its pseudonym, but not the face, until the person accepts the request.
    client.force_login(world.owner)
    assert client.get(url).status_code == 404
    assert profile.photo.token not in client.get(reverse("talent:talent_detail", kwargs={"pk": profile.pk})).text
    talent_services.answer_contact(user=world.talent_user, contact=world.contact, accept=True)
    assert client.get(url).status_code == 200
    assert profile.photo.token in client.get(reverse("talent:talent_detail", kwargs={"pk": profile.pk})).text
    client.logout()
    assert client.get(url).status_code == 404


def test_a_person_changes_only_their_own_photo(world, client):
    mine = talent_services.set_photo(user=world.talent_user, upload=images.upload()).photo
    client.force_login(world.user)  # no profile: nothing to attach a photo to
    assert client.post(reverse("talent:photo"), {"picture": images.upload()}).status_code == 400
    assert client.post(reverse("talent:photo"), {"remove": "1"}).status_code == 302
    assert Picture.objects.filter(pk=mine.pk).exists()


def test_the_photo_is_in_the_data_export_and_goes_with_the_account(world, django_capture_on_commit_callbacks):
    photo = talent_services.set_photo(user=world.talent_user, upload=images.upload()).photo
    exported = json.loads(export_personal_data(user=world.talent_user))["talent"]["profile"]["photo"]
    assert exported["file"].startswith("data:image/webp;base64,") and exported["width"] == photo.width
    with django_capture_on_commit_callbacks(execute=True):
        erase_personal_data(user=world.talent_user)
    assert not Picture.objects.filter(pk=photo.pk).exists()
    assert not any(default_storage.exists(photo.file_name(width)) for width in photo.widths)
