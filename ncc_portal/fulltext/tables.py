"""Where an index's tokens live on SQLite: one FTS5 table per model and reader language."""

# The columns of each FTS5 table: the tokens of weight A, B, C, D in order, then the extra
# tokens (accent-free forms, compound parts) of each weight.
FTS_COLUMNS = ("a", "b", "c", "d", "xa", "xb", "xc", "xd")


def fts_table(db_table, language):
    return f"{db_table}_fts_{language}"
