"""What stands between the network and the routes: one error shape, security headers, the Host
check, the size of a request body and the bearer token.

- Every error is ``{"error": "..."}`` (404 and 405 from routing, 422 from validation, 500 if a bug
  ever gets there) with the status the OpenAPI document lists.
- Every response carries SECURITY_HEADERS and a Content-Security-Policy (the page's own rules,
  which its ``<meta>`` tag repeats; DOCS_CSP for the interactive documentation).
- A request whose ``Host`` is not one of the allowed names is refused (400) before it reaches a
  route: a web page on another site cannot read the database through DNS rebinding.  The names
  are this machine's, the ``--host`` served on and any ``--allowed-host``.
- A body larger than MAX_BODY_BYTES is refused (413) before it is read whole.
- ``POST /api/articles`` needs ``Authorization: Bearer <token>`` (the scheme is required).
"""

from __future__ import annotations

import hmac
import json

from fastapi import Depends, HTTPException, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from pydantic import BaseModel
from starlette.exceptions import HTTPException as StarletteHTTPException

from ..errors import ConflictLensError, DatabaseBusy
from ..readers import MAX_BYTES

# Host names a local server answers to whatever it listens on.
LOCAL_HOSTS = ("127.0.0.1", "localhost", "::1")
MAX_BODY_BYTES = MAX_BYTES + 1_000_000  # one article as large as a file may be, and its JSON around it
PAGE_CSP = ("default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; script-src 'self'; "
            "connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'")
# /docs is Swagger UI served from this package (static/vendor): nothing from elsewhere, no inline script
DOCS_CSP = ("default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; script-src 'self'; "
            "worker-src 'self' blob:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'")
DOCS_PATHS = ("/docs", "/redoc")
SECURITY_HEADERS = (
    (b"x-content-type-options", b"nosniff"),  # a download is never run as a script or page
    (b"x-frame-options", b"DENY"),  # (frame-ancestors 'none' for browsers without CSP 2)
    (b"referrer-policy", b"no-referrer"),
    (b"cross-origin-resource-policy", b"same-origin"),
)


class ErrorBody(BaseModel):
    """What every error answers."""

    error: str


ERROR_RESPONSES = {status: {"model": ErrorBody, "description": what} for status, what in (
    (400, "a request the server cannot read (an unknown Host, a body that is not JSON)"),
    (422, "a parameter or body that the document rules out"),
)}
NOT_FOUND = {404: {"model": ErrorBody, "description": "no such id"}}


def _host(value: str) -> str:
    """The name in a Host header, without the port ("[::1]:8000" -> "::1")."""
    value = value.strip().lower()
    if value.startswith("["):
        return value[1:value.find("]")] if "]" in value else value
    return value.rsplit(":", 1)[0] if value.count(":") == 1 else value


def allowed_hosts(host: str | None = None, extra=()) -> frozenset[str] | None:
    """The Host names to answer: this machine's, the address served on (as typed in a browser: even
    0.0.0.0 is no name another site can take) and ``extra``; None (any) when ``extra`` holds "*"."""
    names = set(LOCAL_HOSTS) | {_host(h) for h in extra if h and h.strip()}
    if "*" in names:
        return None
    if host:
        names.add(host.strip("[]").lower())
    return frozenset(names)


class Guard:
    """ASGI middleware: the Host check, the body limit, the security headers, and a JSON 500 for a
    bug rather than a plain-text one."""

    def __init__(self, app, hosts: frozenset[str] | None):
        self.app, self.hosts = app, hosts

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        path = scope.get("path", "")
        csp = (DOCS_CSP if path.startswith(DOCS_PATHS) else PAGE_CSP).encode()
        started = False

        async def send_with_headers(message):
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
                message = dict(message)
                message["headers"] = [*message.get("headers", []), (b"content-security-policy", csp), *SECURITY_HEADERS]
            await send(message)

        headers = dict(scope.get("headers") or [])
        host = _host(headers.get(b"host", b"").decode("latin-1"))
        if self.hosts is not None and host not in self.hosts:
            return await _error(send_with_headers, 400, f"this server does not answer for host {host!r}; "
                                                        "start it with --allowed-host NAME to allow it")
        length = headers.get(b"content-length")
        if length is not None and (not length.isdigit() or int(length) > MAX_BODY_BYTES):
            return await _error(send_with_headers, 413, f"request body over {MAX_BODY_BYTES} bytes")
        try:
            await self.app(scope, _limited(receive), send_with_headers)
        except StarletteHTTPException as exc:  # the body grew too large outside a route
            if not started:
                await _error(send_with_headers, exc.status_code, str(exc.detail))
        except Exception:
            if not started:  # a bug: still an answer in the documented shape
                await _error(send_with_headers, 500, "internal error (a bug in conflictlens; the server log has it)")
            raise


def _limited(receive):
    """``receive`` that stops a body sent without a length (chunked) at MAX_BODY_BYTES: a 413."""
    seen = 0

    async def inner():
        nonlocal seen
        message = await receive()
        if message["type"] == "http.request":
            seen += len(message.get("body", b""))
            if seen > MAX_BODY_BYTES:
                raise HTTPException(413, f"request body over {MAX_BODY_BYTES} bytes")
        return message
    return inner


async def _error(send, status: int, message: str) -> None:
    body = json.dumps({"error": message}).encode()
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]})
    await send({"type": "http.response.body", "body": body})


def install_error_handlers(app) -> None:
    @app.exception_handler(StarletteHTTPException)  # FastAPI's HTTPException too: routing's 404 and 405
    async def http_error(_request: Request, exc: StarletteHTTPException):
        detail = str(exc.detail)
        if detail == "There was an error parsing the body":  # FastAPI's words for JSON it cannot read
            detail = "the body is JSON that cannot be read (nested too deeply, or not JSON at all)"
        headers = exc.headers
        if exc.status_code == 405:  # Starlette names the methods of the first route on the path only
            headers = dict(headers or {}) | {"Allow": ", ".join(_methods_on(_request))}
        return JSONResponse({"error": detail}, status_code=exc.status_code, headers=headers)

    @app.exception_handler(RequestValidationError)
    async def validation_error(_request: Request, exc: RequestValidationError):
        problems = [p for p in (_problem(e, exc.body) for e in exc.errors()) if p]
        return JSONResponse({"error": "bad request: " + "; ".join(dict.fromkeys(problems))}, status_code=422)

    @app.exception_handler(ConflictLensError)
    async def library_error(_request: Request, exc: ConflictLensError):
        return JSONResponse({"error": str(exc)}, status_code=503 if isinstance(exc, DatabaseBusy) else 400)


def _methods_on(request: Request) -> list[str]:
    """Every method some route answers on the request's path (GET and PATCH on /api/events/ID)."""
    from starlette.routing import Match

    methods: set[str] = set()
    for route in request.app.router.routes:
        match, _child = route.matches(request.scope)
        if match != Match.NONE:
            methods |= set(getattr(route, "methods", None) or ())
    return sorted(methods - {"HEAD"}) or ["GET"]


def _problem(e: dict, body) -> str | None:
    """One validation error as "where: what" ("record 2 field text: Input should be a valid string")."""
    loc = list(e.get("loc", ()))
    if e.get("type") == "json_invalid":
        return f"the body is not JSON ({(e.get('ctx') or {}).get('error', 'malformed')}, at character {loc[-1]})"
    if loc[:1] == ["body"] and len(loc) > 1 and isinstance(loc[1], str) and "[" in loc[1]:
        # a branch of "one record or a list of them": only the branch the body took says what is wrong
        if isinstance(body, list) != loc[1].startswith("list["):
            return None
        loc = ["body", *loc[2:]]
    msg = str(e.get("msg", "invalid")).removeprefix("Value error, ")
    if loc[:1] == ["body"]:
        n, fields = (loc[1], loc[2:]) if len(loc) > 1 and isinstance(loc[1], int) else (None, loc[1:])
        where = ("the body" if n is None and not isinstance(body, dict) else "record" if n is None else f"record {n}")
        return f"{where}" + (f" field {'.'.join(map(str, fields))}" if fields else "") + f": {msg}"
    return f"{'.'.join(map(str, loc[1:])) or 'request'}: {msg}"


_bearer = HTTPBearer(auto_error=False, description="the server's --token, sent as 'Authorization: Bearer <token>'")


def token_check(token: str | None):
    """A dependency refusing a request without the bearer token (403 when the server has none)."""
    def check(credentials: HTTPAuthorizationCredentials | None = Depends(_bearer)) -> None:
        if not token:
            raise HTTPException(403, "writing is disabled: start the server with --token (or CONFLICTLENS_TOKEN) "
                                     "to allow adding articles and reviewing events")
        given = credentials.credentials if credentials is not None else ""
        if not hmac.compare_digest(given.encode(), token.encode()):
            raise HTTPException(401, "missing or wrong token: send 'Authorization: Bearer <token>'",
                                headers={"WWW-Authenticate": "Bearer"})
    return check


AUTH_RESPONSES = {401: {"model": ErrorBody, "description": "no token, or a wrong one"},
                  403: {"model": ErrorBody, "description": "the server takes no writes (started without --token)"},
                  413: {"model": ErrorBody, "description": f"a body over {MAX_BODY_BYTES} bytes"}}
