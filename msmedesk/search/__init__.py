"""Finding records: the search language, its parts and the folding the index shares (pure
Python, no Qt, no database)."""
