"""Content shipped as data files (YAML): demo content, the bench's phrases, vocabularies.

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
