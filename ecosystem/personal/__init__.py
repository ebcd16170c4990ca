"""Personal lists, bookmarks and saved searches with their weekly digests."""
