# 5G-A tariff recommender HTTP API: gunicorn, preloaded app, plan files baked in.
#
# This image is the *app* half of the production topology: it is meant to run behind the buffering
# reverse proxy deploy/nginx.conf, as docker-compose.yml runs it (nginx on :8080, this image on the
# compose network only, Redis for shared rate limits):
#
#   docker compose up --build        # the service answers on http://localhost:8080
#
# Do not publish port 8000 to clients (no `docker run -p 8000:8000` in production): gunicorn's sync
# workers answer one connection at a time, and a few clients sending their headers slowly hold them
# all (5 such connections delayed normal requests by over 10 s; see README, Reliability).  nginx reads
# every request whole before it reaches a worker.  BIND is 0.0.0.0:8000 so that the proxy's container
# can reach it; the port is EXPOSEd (to the compose network), not published.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    BIND=0.0.0.0:8000 \
    RECOMMENDER_PLANS=/app/plans

WORKDIR /app

COPY pyproject.toml README.md ./
COPY recommender ./recommender
# (before the install: pyproject.toml packages plans/ and seeds/ as recommender.data.*)
COPY plans ./plans
COPY seeds ./seeds
RUN pip install --no-cache-dir . \
    && useradd --create-home --uid 10001 --shell /usr/sbin/nologin app

COPY wsgi.py gunicorn.conf.py ./

USER 10001
EXPOSE 8000

# Healthy when it serves a catalogue (/readyz: 200, also when degraded, serving the last good one); /healthz
# said healthy while every API call was a 503 for lack of one (found by QA).
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
    CMD ["python", "-c", "import urllib.request, sys; sys.exit(urllib.request.urlopen('http://127.0.0.1:8000/readyz', timeout=4).status != 200)"]

CMD ["gunicorn", "-c", "gunicorn.conf.py", "wsgi:app"]
