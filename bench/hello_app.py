"""The service with one extra route, a hello-world JSON endpoint: the HTTP benchmark's baseline,
served by the same app, gunicorn configuration and middleware as the recommendations."""

from flask import Response, jsonify

from recommender.api import create_app

app = create_app()


@app.get("/bench/hello")
def hello() -> Response:
    return jsonify({"hello": "world"})
