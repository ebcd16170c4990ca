"""Demo and bench content moved from Python literals into data files (YAML): ``seed_demo`` and
``seed_bench`` still give the same data. The expected counts and texts below were recorded from
the Python literals before the move."""

from io import StringIO

import pytest
from django.apps import apps
from django.core.management import call_command

DEMO_COUNTS = {
    "account.EmailAddress": 20,
    "account.EmailConfirmation": 0,
    "mfa.Authenticator": 5,
    "ncc_portal.NationalCentre": 4,
    "ncc_portal.Region": 524,
    "ncc_portal.Theme": 14,
    "ncc_portal.SustainableDevelopmentGoal": 17,
    "ncc_portal.TargetGroup": 13,
    "ncc_portal.Organisation": 28,
    # The nine demo accounts, six people registered for the demo training sessions and one
    # member for each of the eight partner-profile organisations.
    "ncc_portal.User": 26,
    "ncc_portal.Membership": 15,
    "ncc_portal.Invitation": 0,
    "ncc_portal.PublicSectorRequest": 1,
    "ncc_portal.Report": 0,
    "initiatives.Initiative": 26,
    "initiatives.Funding": 43,
    "initiatives.ImpactFigure": 34,
    "initiatives.PendingChange": 1,
    "initiatives.Event": 77,
    "ecosystem.CaseStudy": 5,
    "ecosystem.CaseStudyActor": 23,
    "ecosystem.CaseStudyEvent": 10,
    "ecosystem.Audience": 5,
    "ecosystem.Resource": 16,
    "ecosystem.ResourceFile": 11,
    "ecosystem.Collection": 3,
    "ecosystem.CollectionItem": 11,
    "ecosystem.BookmarkList": 0,
    "ecosystem.Bookmark": 0,
    "ecosystem.SavedSearch": 0,
    "ecosystem.StrategyMilestone": 20,
    # Added with training (not from Python literals): a full session with a waiting list, a
    # session needing approval, a past one with attendance.
    "training.Offer": 5,
    "training.Session": 6,
    "training.Registration": 22,
    "training.Feedback": 3,
    # Mentoring (mentors among the training participants; an open, a proposed, a running and
    # an ended mentorship) and Ask the NCC (three public-sector people, four questions, one of
    # them the FAQ entry in the library).
    "training.MentorProfile": 6,
    "training.MentoringRequest": 4,
    "training.MentoringMeeting": 6,
    "training.MentoringFeedback": 2,
    "training.AdviceQuestion": 4,
    "training.AdviceMessage": 7,
    # Partnerships: profiles of eight alliance partners (one waiting for review, one close to
    # expiry), introductions in every stage of the pipeline, two cards crossing borders.
    "partnerships.PartnerProfile": 8,
    "partnerships.ProfileItem": 24,
    "partnerships.ProfileEvent": 23,
    "partnerships.Introduction": 8,
    "partnerships.IntroductionEvent": 29,
    "partnerships.ScoutingCard": 2,
    "partnerships.Adopter": 2,
    "partnerships.ScoutingEvent": 11,
}

# (model, lookup, field, text) as the Python literals wrote them.
DEMO_TEXTS = [
    ("initiatives.Initiative", {"slug": "reparatur-cafe-ruhr"}, "title_en", "Repair Café Ruhr"),
    (
        "initiatives.Initiative",
        {"title_et__startswith": "Küla hoolib"},
        "title_et",
        "Küla hoolib – kogukonna toel kodus vananemine Võrumaal",
    ),
    (
        "ecosystem.CaseStudy",
        {"title_fr__startswith": "L’économie sociale"},
        "title_fr",
        "L’économie sociale et solidaire dans le Minett",
    ),
    (
        "ecosystem.Resource",
        {"slug": "kodanikuuhiskonna-programm-2024-2027"},
        "title_et",
        "Kodanikuühiskonna programm 2024–2027",
    ),
    (
        "ecosystem.StrategyMilestone",
        {"country": "EE", "position": 0},
        "title_et",
        "Sidusa Eesti arengukava 2021–2030 vastu võetud",
    ),
    ("ecosystem.Audience", {"slug": "innovators"}, "name_et", "Sotsiaalsed innovaatorid"),
    (
        "training.Offer",
        {"slug": "mentoring-programme-nl"},
        "title_nl",
        "Mentorprogramma voor sociale ondernemers",
    ),
    ("ecosystem.Collection", {"slug": "train-the-trainer"}, "title_nl", "Train de trainer"),
    (
        "ncc_portal.NationalCentre",
        {"country": "LU"},
        "name_fr",
        "Centre national de compétences pour l’innovation sociale – Luxembourg",
    ),
    ("ncc_portal.User", {"email": "coordinator.ee@ncc-demo.example"}, "name", "Kadri Koordinaator"),
    (
        "ncc_portal.PublicSectorRequest",
        {"user__email": "new.ministry@ncc-demo.example"},
        "position",
        "Directie Arbeidsmarkt en Sociaal-Economische Aangelegenheden",
    ),
]

BENCH_COUNTS = {
    "ncc_portal.Organisation": 500,
    "initiatives.Initiative": 300,
    "initiatives.Funding": 492,
    "initiatives.ImpactFigure": 601,
    "initiatives.PendingChange": 0,
    "initiatives.Event": 0,
}


def _counts(labels):
    return {label: apps.get_model(label).objects.count() for label in labels}


@pytest.mark.django_db
def test_seed_demo_gives_the_same_data_as_before():
    call_command("seed_demo", stdout=StringIO())
    assert _counts(DEMO_COUNTS) == DEMO_COUNTS
    for label, lookup, field, text in DEMO_TEXTS:
        assert getattr(apps.get_model(label).objects.get(**lookup), field) == text
    paragraph = "Die Treffen finden in Stadtteilzentren, Gemeindehäusern und Schulen statt."
    assert (
        paragraph
        in apps.get_model("initiatives.Initiative")
        .objects.get(slug="reparatur-cafe-ruhr")
        .description_de
    )


@pytest.mark.django_db
def test_seed_bench_gives_the_same_data_as_before(reference_data):
    from initiatives.models import ImpactFigure, Initiative

    call_command("seed_bench", initiatives=300, seed=3, stdout=StringIO())
    assert _counts(BENCH_COUNTS) == BENCH_COUNTS
    first = Initiative.objects.get(slug="bench-1-parrains-davenir-a-luxembourg")
    assert (first.title_fr, first.title_en) == (
        "Parrains d’avenir à Luxembourg",
        "Future mentors in Luxembourg",
    )
    assert first.summary_de.startswith("Berufstätige begleiten Jugendliche ohne Ausbildungsplatz")
    assert Initiative.objects.filter(slug="bench-10-repair-cafe-in-west-noord-brabant").exists()
    figures = ImpactFigure.objects.order_by("pk")[:2]
    assert [(f.label, f.unit, int(f.value)) for f in figures] == [
        ("Personnes touchées", "personnes", 4075),
        ("Bénévoles actifs", "personnes", 229),
    ]
