"""One record -> ``Article``: a JSONL line, a Parquet row, a posted article, a feed entry's fields.

Every field is type-checked, so a record of the wrong shape is an ``InputError`` naming it and
the field ("'text' must be a string, not a number (12345)", "... not NaN", "'url' must be a
string, not an object"), and text that is not valid Unicode (an unpaired surrogate such as
``\\ud800``, which a JSON escape can carry) is refused before it reaches a stage or the database.
"""

from __future__ import annotations

from datetime import date, datetime

from .errors import InputError
from .models import Article, content_id
from .pipeline import ARTICLE_SECONDS
from .pipeline.watchdog import Interrupted, budget

STRING_FIELDS = ("title", "url", "source")  # besides "text" and "html"
READ_SECONDS = ARTICLE_SECONDS  # an HTML page parsed for longer than an article may take is skipped


def parse_date(value, where: str) -> date | None:
    """ISO dates and datetimes, or None for empty; an unreadable value is an error."""
    if value in (None, ""):
        return None
    if isinstance(value, date):
        return value if not isinstance(value, datetime) else value.date()
    if not isinstance(value, str):
        raise InputError(where, f"'published' must be a date string such as \"2015-03-08\", not {kind_of(value)}")
    s = value.strip()
    try:
        return date.fromisoformat(s[:10])
    except ValueError:
        pass
    from dateutil import parser as du

    try:
        return du.parse(s, dayfirst=False).date()
    except (ValueError, OverflowError) as exc:
        raise InputError(where, f"unreadable publication date {s[:80]!r} ({exc})") from None


def kind_of(value) -> str:
    """How a JSON value of the wrong type is named in a message."""
    if isinstance(value, bool):
        return f"a boolean ({str(value).lower()})"
    if isinstance(value, float) and value != value:
        return "NaN"
    if isinstance(value, (int, float)):
        return f"a number ({value!r})"
    return {dict: "an object", list: "a list", str: "a string"}.get(type(value), type(value).__name__)


def check_string(value, field: str, where: str) -> str:
    """``value`` as a field's string: None is empty; another type, or text that is not valid
    Unicode (an unpaired surrogate such as ``\\ud800`` from a JSON escape), is an error."""
    if value is None:
        return ""
    if not isinstance(value, str):
        raise InputError(where, f"'{field}' must be a string, not {kind_of(value)}")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError as exc:
        raise InputError(where, f"'{field}' holds an unpaired surrogate (\\u{ord(value[exc.start]):04x}) at character "
                                f"{exc.start}: not valid Unicode") from None
    return value


def make_article(*, text: str, where: str, id: str | None = None, title: str = "", url: str = "",
                 source: str = "", published=None, published_from: str = "") -> Article:
    text = check_string(text, "text", where)
    if not text.strip():
        raise InputError(where, "no article text")
    title, url, source = (check_string(v, k, where) for k, v in (("title", title), ("url", url), ("source", source)))
    pub = parse_date(published, where)
    aid = _record_id(id, where) or content_id(url or text, prefix="a")
    return Article(article_id=aid, raw=text, title=title, url=url, source=source,
                   published=pub, published_from=published_from if pub else "", origin=where)


def _record_id(value, where: str) -> str:
    if value is None or value == "":
        return ""
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    return check_string(value, "id", where)


def html_to_article(html: str, where: str, **meta) -> Article:
    import trafilatura

    try:
        with budget(READ_SECONDS):
            doc = trafilatura.bare_extraction(html, with_metadata=True, include_comments=False,
                                              include_tables=False, favor_precision=True)
    except RecursionError:
        raise InputError(where, "HTML page nests its elements too deeply to read") from None
    except Interrupted:
        raise InputError(where, f"HTML page took longer than {READ_SECONDS:g} s to read; skipped") from None
    if doc is None or not (getattr(doc, "text", None) or "").strip():
        raise InputError(where, "HTML page has no extractable main text")
    pub = meta.pop("published", None)
    pub_from = "record" if pub else ""
    if not pub and getattr(doc, "date", None):
        pub, pub_from = doc.date, "html-metadata"
    return make_article(text=doc.text, where=where, title=meta.pop("title", "") or doc.title or "",
                        url=meta.pop("url", "") or doc.url or "", source=meta.pop("source", "") or doc.sitename or "",
                        published=pub, published_from=pub_from, **meta)


def record_to_article(rec, where: str) -> Article:
    """A JSONL record or Parquet row as an article; every field of the wrong type is an error."""
    if not isinstance(rec, dict):
        raise InputError(where, f"JSONL record is {kind_of(rec)}, not an object")
    text, html = check_string(rec.get("text"), "text", where), check_string(rec.get("html"), "html", where)
    meta = {k: check_string(rec.get(k), k, where) for k in STRING_FIELDS}
    rid = _record_id(rec.get("id"), where)
    if html and not text:
        return html_to_article(html, where, id=rid, published=rec.get("published"), **meta)
    if not text:
        raise InputError(where, "record has neither 'text' nor 'html'")
    pub = rec.get("published")
    return make_article(text=text, where=where, id=rid, published=pub, published_from="record" if pub else "", **meta)
