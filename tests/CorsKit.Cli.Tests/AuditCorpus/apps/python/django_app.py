"""django-cors-headers in a one-file Django project, configured from a JSON file written by AuditCorpus/PythonStacks.cs.

Usage: /usr/bin/python3 django_app.py CONFIG.json PORT
Matching is corsheaders/middleware.py CorsMiddleware.origin_found_in_white_lists (scheme+netloc equality, "null",
re.match for CORS_ALLOWED_ORIGIN_REGEXES).
"""
import json
import socketserver
import sys
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

import django
from django.conf import settings
from django.http import JsonResponse
from django.urls import path

spec = json.load(open(sys.argv[1]))
port = int(sys.argv[2])


def data(request):
    return JsonResponse({"secret": 1})


def boom(request):
    raise RuntimeError("boom")


urlpatterns = [path("api/data", data), path("api/boom", boom)]

settings.configure(
    DEBUG=False,
    SECRET_KEY="corskit-audit-corpus",
    ROOT_URLCONF=__name__,
    ALLOWED_HOSTS=["127.0.0.1", "localhost"],
    INSTALLED_APPS=["corsheaders"],
    MIDDLEWARE=["corsheaders.middleware.CorsMiddleware"],
    LOGGING_CONFIG=None,
    CORS_ALLOWED_ORIGINS=spec.get("origins", []),
    CORS_ALLOWED_ORIGIN_REGEXES=spec.get("regexes", []),
    CORS_ALLOW_ALL_ORIGINS=spec.get("allowAll", False),
    CORS_ALLOW_CREDENTIALS=spec.get("credentials", False),
    # The library's default is 86400 (corsheaders/conf.py Settings.CORS_PREFLIGHT_MAX_AGE).
    CORS_PREFLIGHT_MAX_AGE=spec.get("maxAge") or 86400,
)
django.setup()

from django.core.wsgi import get_wsgi_application  # noqa: E402


class QuietHandler(WSGIRequestHandler):
    def log_message(self, *args):
        pass


class ThreadingServer(socketserver.ThreadingMixIn, WSGIServer):
    daemon_threads = True


make_server("127.0.0.1", port, get_wsgi_application(), server_class=ThreadingServer, handler_class=QuietHandler).serve_forever()
