#!/bin/sh
# Release step: run ONCE per deploy, before the new web containers take traffic, never on every web start
# (several web replicas would race each other's migrations). docker-compose.yml runs it as the one-off
# "migrate" service; elsewhere run the same image with this command, e.g.
#   docker run --rm --env-file .env localoffer sh /app/docker/release.sh
# Both steps are idempotent, so running it again is harmless.
set -eu
cd "$(dirname "$0")/.."

python manage.py migrate --noinput

# seed_site builds the page tree from the seed content and leaves whatever already exists alone; it also
# creates the superuser named by DJANGO_SUPERUSER_USERNAME / DJANGO_SUPERUSER_PASSWORD when both are set.
# SEED_SITE=false skips it (e.g. once editors own the content and the superuser exists).
case "${SEED_SITE:-true}" in
  false|0|no|off) echo "release: SEED_SITE=${SEED_SITE}, skipping seed_site" ;;
  *) python manage.py seed_site ;;
esac

# A new release may render pages differently (templates, styles): drop the pages the old one cached.
python manage.py clear_page_cache
