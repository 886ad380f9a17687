"""The WSGI entry point: ``gunicorn -c gunicorn.conf.py wsgi:app`` (settings: RECOMMENDER_* variables)."""

from recommender.app import create_app

app = create_app()
