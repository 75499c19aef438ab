"""The database schema: one place for every table, so the event columns are written once.

``events`` holds each source's report and ``canonical_events`` the merged events; both carry the
ACLED fields (``EVENT_FIELDS``).  The rest of the tables are described in ``links.py``.
"""

# the ACLED fields an event row carries, in both the reports' and the canonical events' tables
EVENT_FIELDS = """    event_date TEXT, date_min TEXT, date_max TEXT, time_precision INTEGER,
    event_type TEXT NOT NULL, sub_event_type TEXT NOT NULL,
    actor1 TEXT, assoc_actor_1 TEXT, actor2 TEXT, assoc_actor_2 TEXT, inter1 INTEGER, inter2 INTEGER,
    country TEXT, iso TEXT, admin1 TEXT, admin2 TEXT, location TEXT,
    latitude REAL, longitude REAL, geo_precision INTEGER,
    fatalities INTEGER, source TEXT, confidence REAL,"""

SCHEMA_VERSION = 2  # 2: cross-article links, canonical events, stories (a v1 database is relinked)

SCHEMA = f"""
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS articles (
    article_id TEXT PRIMARY KEY,
    title TEXT, url TEXT, source TEXT, original_source TEXT,
    published TEXT, published_from TEXT, origin TEXT,
    text TEXT NOT NULL,
    content_hash TEXT NOT NULL,
    country_hint TEXT
);
CREATE TABLE IF NOT EXISTS events (
    event_id TEXT PRIMARY KEY,
    article_id TEXT NOT NULL REFERENCES articles(article_id) ON DELETE CASCADE,
{EVENT_FIELDS}
    figures TEXT NOT NULL,   -- JSON list of Figure
    evidence TEXT NOT NULL   -- JSON list of Evidence
);
CREATE INDEX IF NOT EXISTS events_date ON events(event_date);
CREATE INDEX IF NOT EXISTS events_type ON events(event_type, sub_event_type);
CREATE INDEX IF NOT EXISTS events_admin1 ON events(country, admin1);
CREATE INDEX IF NOT EXISTS events_article ON events(article_id);
CREATE TABLE IF NOT EXISTS statistics (
    stat_id TEXT PRIMARY KEY,
    article_id TEXT NOT NULL REFERENCES articles(article_id) ON DELETE CASCADE,
    kind TEXT, value INTEGER, reported TEXT, period TEXT, source TEXT, evidence TEXT
);
CREATE TABLE IF NOT EXISTS failures (
    origin TEXT PRIMARY KEY, problem TEXT NOT NULL, seen TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS events_block ON events(iso, date_min);
CREATE INDEX IF NOT EXISTS articles_published ON articles(published);
"""

EVENT_COLUMNS = ("event_id", "article_id", "event_date", "date_min", "date_max", "time_precision", "event_type",
                 "sub_event_type", "actor1", "assoc_actor_1", "actor2", "assoc_actor_2", "inter1", "inter2",
                 "country", "iso", "admin1", "admin2", "location", "latitude", "longitude", "geo_precision",
                 "fatalities", "source", "confidence", "figures", "evidence")

LINK_SCHEMA = f"""
CREATE TABLE IF NOT EXISTS event_links (
    a TEXT NOT NULL REFERENCES events(event_id) ON DELETE CASCADE,
    b TEXT NOT NULL REFERENCES events(event_id) ON DELETE CASCADE,
    score REAL NOT NULL, relation TEXT NOT NULL, parts TEXT NOT NULL,
    PRIMARY KEY (a, b)
);
CREATE INDEX IF NOT EXISTS event_links_b ON event_links(b);
CREATE TABLE IF NOT EXISTS event_canonical (
    event_id TEXT PRIMARY KEY REFERENCES events(event_id) ON DELETE CASCADE,
    canonical_id TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS event_canonical_c ON event_canonical(canonical_id);
CREATE TABLE IF NOT EXISTS canonical_events (
    event_id TEXT PRIMARY KEY,
    article_id TEXT NOT NULL,
{EVENT_FIELDS}
    figures TEXT NOT NULL, evidence TEXT NOT NULL,
    reports TEXT NOT NULL, articles TEXT NOT NULL, sources TEXT NOT NULL, outlets TEXT NOT NULL,
    fatalities_min INTEGER, fatalities_max INTEGER, disagreements TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS canonical_date ON canonical_events(event_date);
CREATE TABLE IF NOT EXISTS canonical_aliases (old_id TEXT PRIMARY KEY, new_id TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS article_vectors (
    article_id TEXT PRIMARY KEY REFERENCES articles(article_id) ON DELETE CASCADE,
    vector TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS article_links (
    a TEXT NOT NULL REFERENCES articles(article_id) ON DELETE CASCADE,
    b TEXT NOT NULL REFERENCES articles(article_id) ON DELETE CASCADE,
    score REAL NOT NULL, parts TEXT NOT NULL,
    PRIMARY KEY (a, b)
);
CREATE INDEX IF NOT EXISTS article_links_b ON article_links(b);
CREATE TABLE IF NOT EXISTS story_articles (article_id TEXT PRIMARY KEY, story_id TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS story_articles_s ON story_articles(story_id);
CREATE TABLE IF NOT EXISTS stories (
    story_id TEXT PRIMARY KEY, title TEXT, first TEXT, last TEXT, articles TEXT NOT NULL
);
"""

CANONICAL_EXTRA = ("reports", "articles", "sources", "outlets", "fatalities_min", "fatalities_max", "disagreements")

ALL_SCHEMA = SCHEMA + LINK_SCHEMA
