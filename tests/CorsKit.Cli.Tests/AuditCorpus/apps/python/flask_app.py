"""Flask-CORS, configured from a JSON file written by AuditCorpus/PythonStacks.cs.

Usage: /usr/bin/python3 flask_app.py CONFIG.json PORT
Matching is flask_cors/core.py get_cors_origins -> try_match_pattern (re.match for regex-looking strings, else equality).
"""
import json
import sys

from flask import Flask, jsonify
from flask_cors import CORS
from werkzeug.serving import run_simple

spec = json.load(open(sys.argv[1]))
port = int(sys.argv[2])

app = Flask(__name__)


@app.get("/api/data")
def data():
    return jsonify(secret=1)


@app.get("/api/boom")
def boom():
    raise RuntimeError("boom")


options = {}
if spec.get("origins") is not None:
    options["origins"] = spec["origins"]
if spec.get("credentials"):
    options["supports_credentials"] = True
if spec.get("allowHeaders") is not None:
    options["allow_headers"] = spec["allowHeaders"]
CORS(app, **options)

if spec.get("addVary"):
    @app.after_request
    def vary(response):
        response.vary.add("Origin")
        return response

run_simple("127.0.0.1", port, app, threaded=True)
