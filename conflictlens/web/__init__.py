"""The web page (``static/``): a map, a timeline and an event panel over the REST API.

Served by ``conflictlens serve`` at ``/``; third-party files are vendored from npm by
``scripts/vendor_web.sh`` into ``static/vendor`` so the page works offline.
"""

from pathlib import Path

STATIC = Path(__file__).parent / "static"
