"""The audiences of the resource library, in the five languages (reference data)."""

from ..models import Audience

AUDIENCES = [
    (
        "ministries",
        {
            "en": "Ministries",
            "de": "Ministerien",
            "et": "Ministeeriumid",
            "nl": "Ministeries",
            "fr": "Ministères",
        },
    ),
    (
        "managing-authorities",
        {
            "en": "ESF+ managing authorities",
            "de": "ESF+-Verwaltungsbehörden",
            "et": "ESF+ korraldusasutused",
            "nl": "ESF+-managementautoriteiten",
            "fr": "Autorités de gestion du FSE+",
        },
    ),
    (
        "innovators",
        {
            "en": "Social innovators",
            "de": "Sozialinnovatoren",
            "et": "Sotsiaalsed innovaatorid",
            "nl": "Sociale innovatoren",
            "fr": "Innovateurs sociaux",
        },
    ),
    (
        "intermediaries",
        {
            "en": "Intermediaries and networks",
            "de": "Intermediäre und Netzwerke",
            "et": "Vahendajad ja võrgustikud",
            "nl": "Intermediairs en netwerken",
            "fr": "Intermédiaires et réseaux",
        },
    ),
    (
        "researchers",
        {
            "en": "Researchers",
            "de": "Forschende",
            "et": "Teadlased",
            "nl": "Onderzoekers",
            "fr": "Chercheurs",
        },
    ),
]


def load_audiences():
    for slug, names in AUDIENCES:
        Audience.objects.update_or_create(
            slug=slug, defaults={f"name_{code}": name for code, name in names.items()}
        )
