from .indexing import rebuild


def seed(stdout):
    """Build the search index from the content the earlier seed steps made (they ran before this one)."""
    counts = rebuild()
    stdout.write("Search index: " + ", ".join(f"{count} {kind}" for kind, count in counts.items()))
