"""Sets of row ids as compressed bitmaps (``pyroaring``), read from the database in one value.

Row ids travel from PostgreSQL packed as 4-byte big-endian integers (``int4send``), which
become a bitmap without a Python object per id; SQLite sends them comma-separated. The facet
engine (``ncc_portal.facets``) and the term indexes of full-text search
(``ncc_portal.fulltext.memory``) read their bitmaps this way.
"""

import sys
from array import array

from django.db import connection
from pyroaring import BitMap

_ID_TYPE = next(code for code in "IL" if array(code).itemsize == 4)


def packed_ids(column):
    """SQL aggregating the integer ``column`` into one value that ``bitmap`` reads."""
    if connection.vendor == "postgresql":
        return f"string_agg(int4send(({column})::int4), '')"
    return f"group_concat({column})"


def bitmap(packed):
    """The bitmap of a value that ``packed_ids`` aggregated."""
    if not packed:
        return BitMap()
    if isinstance(packed, str):
        return BitMap(map(int, packed.split(",")))
    ids = array(_ID_TYPE)
    ids.frombytes(bytes(packed))
    if sys.byteorder == "little":
        ids.byteswap()
    return BitMap(ids)
