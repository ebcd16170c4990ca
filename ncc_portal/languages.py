from django.conf import settings
from django.urls import translate_url
from django.utils.translation import get_language_info


def switch_language_of_path(path, language):
    """The same page in ``language``: URL names are resolved when possible; otherwise (a page that
    does not resolve, such as a 404) the language prefix is swapped."""
    translated = translate_url(path, language)
    if translated != path:
        return translated
    codes = {code for code, _name in settings.LANGUAGES}
    parts = path.split("/", 2)
    if len(parts) > 1 and parts[1] in codes:
        return "/".join(["", language, *parts[2:]]) if len(parts) > 2 else f"/{language}/"
    return path


def language_links(path, current):
    links = []
    for code, _name in settings.LANGUAGES:
        info = get_language_info(code)
        links.append(
            {
                "code": code,
                "name": info["name_local"],
                "url": switch_language_of_path(path, code),
                "current": code == current,
            }
        )
    return links
