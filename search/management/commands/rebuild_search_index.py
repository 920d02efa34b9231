from django.core.management.base import BaseCommand, CommandError

from search import registry
from search.indexing import rebuild


class Command(BaseCommand):
    help = (
        "Rebuild the site search index from the published content. Publishing keeps the index fresh by itself; "
        "run this after a bulk data change made outside Django (SQL, a restored backup)."
    )

    def add_arguments(self, parser):
        parser.add_argument("kinds", nargs="*", help="only these kinds (default: all), e.g. news units")

    def handle(self, *args, kinds, **options):
        adapters = None
        if kinds:
            unknown = [kind for kind in kinds if registry.get_adapter(kind) is None]
            if unknown:
                known = ", ".join(a.kind for a in registry.adapters())
                raise CommandError(f"Unknown kind: {', '.join(unknown)}. Known: {known}.")
            adapters = [registry.get_adapter(kind) for kind in kinds]
        counts = rebuild(adapters)
        for kind, count in counts.items():
            self.stdout.write(f"{kind}: {count} entries")
