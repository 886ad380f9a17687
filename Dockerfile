# 5G-A tariff recommender HTTP API: gunicorn, preloaded app, plan files baked in.
# Build: docker build -t tariff-recommender .   Run: docker run -p 8000:8000 tariff-recommender
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
RUN pip install --no-cache-dir . \
    && useradd --create-home --uid 10001 --shell /usr/sbin/nologin app

COPY plans ./plans
COPY seeds ./seeds
COPY wsgi.py gunicorn.conf.py ./

USER 10001
EXPOSE 8000

HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
    CMD ["python", "-c", "import urllib.request, sys; sys.exit(urllib.request.urlopen('http://127.0.0.1:8000/healthz', timeout=4).status != 200)"]

CMD ["gunicorn", "-c", "gunicorn.conf.py", "wsgi:app"]
