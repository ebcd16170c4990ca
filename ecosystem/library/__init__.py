"""The resource library: resources with files per language, collections, search."""
