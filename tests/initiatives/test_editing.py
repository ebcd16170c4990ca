import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from initiatives.models import Initiative, Status

from ..factories import InitiativeFactory
from .conftest import initiative_post


def image_upload(name="logo.jpg", image_format="JPEG", size=(64, 48), exif=True):
    buffer = io.BytesIO()
    image = Image.new("RGB", size, (200, 40, 40))
    options = {}
    if exif and image_format == "JPEG":
        exif_data = Image.Exif()
        exif_data[0x010F] = "SecretCameraMaker"  # Make
        options["exif"] = exif_data.tobytes()
    image.save(buffer, format=image_format, **options)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type=f"image/{image_format.lower()}")


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.mark.django_db
def test_member_creates_a_draft_with_logo_funding_and_impact(client, innovator, organisation_nl):
    client.force_login(innovator)
    response = client.post(
        "/nl/initiatives/new/",
        initiative_post(organisation_nl, image=image_upload(), image_alt="Logo van de werkplaats"),
    )
    initiative = Initiative.objects.get()
    assert response["Location"] == f"/nl/initiatives/{initiative.slug}/"
    assert initiative.status == Status.DRAFT
    assert initiative.title_nl == "Buurtwerkplaats Utrecht"
    assert initiative.title == "Buurtwerkplaats Utrecht"
    assert initiative.description_nl == "<p>Elke zaterdag open.</p>\n\n<p>Iedereen is welkom.</p>"
    assert initiative.website == "https://buurtwerkplaats.example"
    assert [(f.kind, str(f.amount)) for f in initiative.funding.all()] == [("esf_plus", "25000.00")]
    assert [(i.label, i.value) for i in initiative.impact_figures.all()] == [
        ("Repaired items", 1200)
    ]
    assert list(initiative.regions.values_list("code", flat=True)) == ["NL350"]
    assert initiative.image_alt_nl == "Logo van de werkplaats"
    stored = initiative.image.read()
    assert b"SecretCameraMaker" not in stored
    assert Image.open(io.BytesIO(stored)).format == "JPEG"
    assert list(initiative.events.values_list("action", flat=True)) == ["created"]


@pytest.mark.django_db
def test_description_is_sanitised(client, innovator, organisation_nl):
    client.force_login(innovator)
    client.post(
        "/nl/initiatives/new/",
        initiative_post(
            organisation_nl,
            description_nl=(
                '<p onclick="x()">Hi <script>alert(1)</script><a href="javascript:x">l</a></p>'
            ),
        ),
    )
    description = Initiative.objects.get().description_nl
    assert "script" not in description and "onclick" not in description
    assert "javascript:" not in description


@pytest.mark.django_db
def test_an_invalid_upload_keeps_the_rest_of_the_form(client, innovator, organisation_nl):
    client.force_login(innovator)
    fake = SimpleUploadedFile("logo.png", b"this is not an image", content_type="image/png")
    response = client.post("/de/initiatives/new/", initiative_post(organisation_nl, image=fake))
    assert response.status_code == 200
    content = response.content.decode()
    assert "Diese Datei ist kein Bild" in content
    assert 'value="Buurtwerkplaats Utrecht"' in content
    assert "Repaired items" in content
    assert not Initiative.objects.exists()


@pytest.mark.django_db
def test_a_gif_is_refused(client, innovator, organisation_nl):
    client.force_login(innovator)
    gif = image_upload("anim.gif", "GIF", exif=False)
    response = client.post("/en/initiatives/new/", initiative_post(organisation_nl, image=gif))
    assert "Please upload a JPEG, PNG or WebP image." in response.content.decode()


@pytest.mark.django_db
def test_an_accepted_image_survives_other_errors(client, innovator, organisation_nl):
    client.force_login(innovator)
    response = client.post(
        "/en/initiatives/new/",
        initiative_post(organisation_nl, image=image_upload("a.png", "PNG"), title_nl=""),
    )
    assert response.status_code == 200
    token = response.context["form"].uploaded_image_token
    assert token
    response = client.post(
        "/en/initiatives/new/",
        initiative_post(organisation_nl, uploaded_image=token, image_alt="Red square"),
    )
    assert response.status_code == 302
    assert Initiative.objects.get().image.name.endswith(".png")


@pytest.mark.django_db
def test_a_forged_image_token_is_ignored(client, innovator, organisation_nl):
    client.force_login(innovator)
    client.post(
        "/en/initiatives/new/",
        initiative_post(organisation_nl, uploaded_image="initiatives/other.png:forged"),
    )
    assert Initiative.objects.get().image.name == ""


@pytest.mark.django_db
@pytest.mark.parametrize(
    "overrides,field,message",
    [
        ({"title_nl": ""}, "title_nl", "Please fill this in your chosen language."),
        ({"regions": ["DE300"]}, "regions", "These regions are not in the chosen country"),
        (
            {"image": None, "open_for_replication": "on"},
            "replication_conditions",
            "Say what someone needs to replicate the initiative.",
        ),
        ({"partner_needs": ["teleportation"]}, "partner_needs", "Select a valid choice."),
        ({"social_links": "not a link"}, "social_links", "is not a valid web address"),
        ({"impact-1-label": "Half a row"}, None, "This field is required."),
    ],
)
def test_form_errors_are_specific(client, innovator, organisation_nl, overrides, field, message):
    client.force_login(innovator)
    response = client.post("/en/initiatives/new/", initiative_post(organisation_nl, **overrides))
    assert response.status_code == 200
    assert message in response.content.decode()
    if field:
        assert field in response.context["form"].errors
    assert not Initiative.objects.exists()


@pytest.mark.django_db
def test_image_needs_a_description(client, innovator, organisation_nl):
    client.force_login(innovator)
    response = client.post(
        "/en/initiatives/new/", initiative_post(organisation_nl, image=image_upload())
    )
    assert "Describe the image for people who cannot see it." in response.content.decode()


@pytest.mark.django_db
def test_duplicate_warning_shows_candidates_before_saving(client, innovator, organisation_nl):
    InitiativeFactory(
        organisation=organisation_nl,
        country="NL",
        title_nl="Buurtwerkplaats Utrecht Oost",
        title="Buurtwerkplaats Utrecht Oost",
        regions=["NL350"],
    )
    client.force_login(innovator)
    response = client.post("/en/initiatives/new/", initiative_post(organisation_nl))
    assert response.status_code == 200
    assert "Is your initiative already registered?" in response.content.decode()
    assert Initiative.objects.count() == 1
    response = client.post(
        "/en/initiatives/new/", initiative_post(organisation_nl, confirm_not_duplicate="1")
    )
    assert response.status_code == 302
    assert Initiative.objects.count() == 2


@pytest.mark.django_db
def test_user_without_organisation_is_sent_to_create_one(client, other_innovator):
    client.force_login(other_innovator)
    response = client.get("/en/initiatives/new/")
    assert response["Location"] == "/en/organisations/new/?next=%2Fen%2Finitiatives%2Fnew%2F"


@pytest.mark.django_db
def test_edit_of_published_initiative_waits_for_review(
    client, innovator, organisation_nl, coordinator_nl
):
    initiative = InitiativeFactory(
        organisation=organisation_nl,
        country="NL",
        title_nl="Origineel",
        title="Origineel",
        original_language="nl",
        regions=["NL350"],
    )
    client.force_login(innovator)
    form = client.get(f"/en/initiatives/{initiative.slug}/edit/").context["form"]
    assert form.initial["title_nl"] == "Origineel"
    response = client.post(
        f"/en/initiatives/{initiative.slug}/edit/",
        initiative_post(organisation_nl, title_nl="Vernieuwd", submit_after_saving="1"),
    )
    assert response.status_code == 302
    initiative.refresh_from_db()
    assert initiative.title_nl == "Origineel"
    # The public still sees the published version.
    client.logout()
    assert "Origineel" in client.get(f"/nl/initiatives/{initiative.slug}/").content.decode()
    # The coordinator sees what changed and publishes it.
    client.force_login(coordinator_nl)
    review = client.get(f"/en/initiatives/{initiative.slug}/review/").content.decode()
    assert "Origineel" in review and "Vernieuwd" in review
    client.post(f"/en/initiatives/{initiative.slug}/review/", {"decision": "publish"})
    initiative.refresh_from_db()
    assert initiative.title_nl == "Vernieuwd"


@pytest.mark.django_db
def test_my_initiatives_lists_statuses_and_next_steps(client, innovator, organisation_nl):
    InitiativeFactory(organisation=organisation_nl, status="changes_requested", title_en="Mine")
    InitiativeFactory(title_en="Someone else's")
    client.force_login(innovator)
    content = client.get("/en/initiatives/mine/").content.decode()
    assert "Mine" in content and "Someone else" not in content
    assert "Make the requested changes and submit again." in content
