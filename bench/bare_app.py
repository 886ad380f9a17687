"""The HTTP benchmark's baseline: a bare Flask app, no project imports, no middleware.

``POST /hello`` parses the JSON body (the same random profiles the service gets) and answers a
small JSON document.  ``bench/serve.py`` serves it with the very command, configuration file,
worker count and worker class that serve the project (``gunicorn -c gunicorn.conf.py``), so the
only difference between the two measurements is the application.
"""

from flask import Flask, Response, jsonify, request

app = Flask(__name__)


@app.post("/hello")
def hello() -> Response:
    body = request.get_json()
    return jsonify({"hello": "world", "fields": len(body)})


@app.get("/healthz")
def healthz() -> Response:
    return jsonify({"status": "ok"})
