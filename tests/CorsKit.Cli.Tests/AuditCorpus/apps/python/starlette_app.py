"""Starlette's CORSMiddleware served by uvicorn, configured from a JSON file written by AuditCorpus/PythonStacks.cs.

Usage: /usr/bin/python3 starlette_app.py CONFIG.json PORT
Matching is starlette/middleware/cors.py CORSMiddleware.is_allowed_origin (list membership or regex fullmatch).
"""
import json
import sys

import uvicorn
from starlette.applications import Starlette
from starlette.datastructures import MutableHeaders
from starlette.middleware import Middleware
from starlette.middleware.cors import CORSMiddleware
from starlette.responses import JSONResponse
from starlette.routing import Route

spec = json.load(open(sys.argv[1]))
port = int(sys.argv[2])


async def data(request):
    return JSONResponse({"secret": 1})


async def boom(request):
    raise RuntimeError("boom")


options = {"allow_origins": spec.get("origins", []), "allow_credentials": spec.get("credentials", False)}
if spec.get("regex") is not None:
    options["allow_origin_regex"] = spec["regex"]

routes = [Route("/api/data", data), Route("/api/boom", boom)]
if spec.get("corsOutermost"):
    # CORSMiddleware wrapped around the whole app, outside ServerErrorMiddleware, so 500s pass through it.
    app = CORSMiddleware(Starlette(routes=routes), **options)
else:
    # The documented form: user middleware sits inside ServerErrorMiddleware (Starlette.build_middleware_stack).
    app = Starlette(routes=routes, middleware=[Middleware(CORSMiddleware, **options)])


def add_vary(inner):
    """Vary: Origin on every response, including those CORSMiddleware passes through untouched (no Origin header,
    or an origin it does not allow)."""

    async def wrapped(scope, receive, send):
        async def send_with_vary(message):
            if message["type"] == "http.response.start":
                MutableHeaders(scope=message).add_vary_header("Origin")
            await send(message)

        await inner(scope, receive, send_with_vary)

    return wrapped


if spec.get("addVary"):
    app = add_vary(app)

uvicorn.run(app, host="127.0.0.1", port=port, log_level="warning")
