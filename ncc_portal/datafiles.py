"""Content shipped as data files (YAML): demo content and the bench's phrases.

A translator or a coordinator corrects a text in the YAML file without reading Python; the
loaders that read these files still create everything through the services.
"""

from functools import cache
from pathlib import Path

import yaml


@cache
def load_yaml(path):
    """The content of a YAML data file (cached: the files do not change while the portal runs).
    Callers must not change what they get."""
    with open(Path(path), encoding="utf-8") as f:
        return yaml.safe_load(f)


def dump_yaml(data, path, *, header):
    """Write ``data`` readably: texts with line breaks as blocks, one header comment on top."""
    with open(Path(path), "w", encoding="utf-8") as f:
        f.write("".join(f"# {line}".rstrip() + "\n" for line in header.strip().splitlines()))
        f.write("\n")
        yaml.dump(data, f, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=100)


class _Dumper(yaml.SafeDumper):
    pass


def _text(dumper, value):
    value = str(value)  # choices (TextChoices members) are written as their values
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _text)
_Dumper.add_multi_representer(str, _text)  # choices
