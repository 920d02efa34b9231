# syntax=docker/dockerfile:1
# Production image: gunicorn serving localoffer with prod settings; static files collected at build time and
# served by whitenoise. Database migrations are a separate release step (docker/release.sh), not run here.
#   docker build -t localoffer .
#   docker run --rm --env-file .env localoffer sh /app/docker/release.sh   # once per deploy
#   docker run --env-file .env -p 8000:8000 localoffer
#   docker run --env-file .env -e JOBS_HEARTBEAT_FILE=/tmp/worker-heartbeat localoffer python manage.py run_worker
#   docker run --env-file .env localoffer python manage.py run_scheduler
# One image, three processes: the web (the default command below), the background worker that sends every email
# and runs jobs, and the scheduler that enqueues periodic jobs. docker-compose.yml runs all three.
ARG PYTHON_IMAGE=python:3.11-slim

# ---- builder: resolve and install the dependencies into a virtualenv -------------------------------------
FROM ${PYTHON_IMAGE} AS builder
ENV PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_PREFER_BINARY=1 \
    PYTHONDONTWRITEBYTECODE=1
# Every pinned requirement ships a binary wheel for CPython 3.11 on Linux (psycopg[binary] brings its own
# libpq, pillow/lxml their C libraries), so no compiler or -dev packages are needed. A future dependency that
# needs compiling fails here loudly: add build-essential and its -dev package to this stage only.
RUN python -m venv /opt/venv
COPY requirements.txt /tmp/requirements.txt
RUN /opt/venv/bin/pip install -r /tmp/requirements.txt

# ---- runtime: the slim base, the virtualenv, the code; no build tools -----------------------------------
FROM ${PYTHON_IMAGE} AS runtime
ENV PATH=/opt/venv/bin:$PATH \
    PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    DJANGO_SETTINGS_MODULE=localoffer.settings.prod \
    STATIC_ROOT=/app/staticfiles \
    MEDIA_ROOT=/app/media \
    CACHE_DIR=/app/cache

# Unprivileged user with a fixed uid/gid, so volume ownership is predictable across rebuilds.
RUN groupadd --system --gid 10001 app \
    && useradd --system --uid 10001 --gid app --home-dir /app --no-create-home --shell /usr/sbin/nologin app

WORKDIR /app
COPY --from=builder /opt/venv /opt/venv
# The code stays owned by root: the app user can read it but not change it.
COPY . .

# collectstatic needs the prod settings to import, and they refuse to load without these three. The values
# are throw-away, exist only in this RUN line, and are not baked into any image layer's environment:
# collectstatic neither signs anything nor opens the database.
RUN SECRET_KEY="build-only-collectstatic-placeholder-not-a-secret-0123456789abcdef" \
    ALLOWED_HOSTS="localhost" \
    DATABASE_URL="sqlite:////tmp/build-only.sqlite3" \
    python manage.py collectstatic --noinput \
    && rm -f /tmp/build-only.sqlite3 \
    && mkdir -p /app/media /app/cache \
    && chown app:app /app/media /app/cache

# Numeric, so orchestrators can verify it is not root (Kubernetes runAsNonRoot). 10001 is "app" above.
USER 10001:10001
# Uploaded media (filer, thumbnails) go to /app/media: mount a named volume there (docker-compose.yml does),
# or set AWS_STORAGE_BUCKET_NAME for S3. No VOLUME instruction: it would create an anonymous volume on
# every `docker run` that forgets the mount, and uploads would seem to vanish on the next container.
EXPOSE 8000

# Liveness only: /healthz touches neither the database nor the cache. The start period covers the workers
# loading Django.
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
    CMD ["python", "/app/docker/healthcheck.py"]

# Exec form: gunicorn is PID 1 and gets SIGTERM from `docker stop` directly (graceful shutdown). The worker and
# scheduler commands are exec form too (docker-compose.yml), for the same reason: the worker then finishes its
# job in hand before it exits. No ENTRYPOINT script: each process is started by its own command, and
# migrations are the release step, never part of any of them.
CMD ["gunicorn", "-c", "gunicorn.conf.py", "localoffer.wsgi"]
