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

SCHEMA_VERSION = 5  # 2: cross-article links, canonical events, stories; 3: canonical details apart;
# 4: an event's search text has its rowid (deleting it no longer scans the index); 5: large story
# groups are clustered within calendar blocks (``conflictlens.linking``)
# Tables a database older than this version rebuilds by linking its articles again.
RELINK_TABLES = ("canonical_events", "canonical_details", "canonical_text", "canonical_aliases", "event_canonical",
                 "event_links", "article_vectors", "article_links", "story_articles", "stories",
                 "large_story_groups", "canonical_reviews")

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
-- an analyst's reviews, as made (store/corrections.py): never touched by ingest or linking
CREATE TABLE IF NOT EXISTS corrections (
    correction_id INTEGER PRIMARY KEY AUTOINCREMENT,
    event_id TEXT NOT NULL,      -- the canonical id when reviewed
    anchor TEXT NOT NULL,        -- that event's first report: the review follows it
    sentence_key TEXT NOT NULL,  -- article_id@start of the anchor's evidence, if re-extraction renames it
    status TEXT NOT NULL, fields TEXT NOT NULL, reviewer TEXT NOT NULL, at TEXT NOT NULL, note TEXT
);
CREATE INDEX IF NOT EXISTS corrections_anchor ON corrections(anchor);
CREATE INDEX IF NOT EXISTS corrections_sentence ON corrections(sentence_key);
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
-- the columns events are filtered and sorted by; the wide JSON ones apart, so scans stay narrow
CREATE TABLE IF NOT EXISTS canonical_events (
    event_id TEXT PRIMARY KEY,
    article_id TEXT NOT NULL,
{EVENT_FIELDS}
    fatalities_min INTEGER, fatalities_max INTEGER, n_sources INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS canonical_details (
    event_id TEXT PRIMARY KEY,
    figures TEXT NOT NULL, evidence TEXT NOT NULL,
    reports TEXT NOT NULL, articles TEXT NOT NULL, sources TEXT NOT NULL, outlets TEXT NOT NULL,
    disagreements TEXT NOT NULL
);
-- covering indexes: a filter on date, type, country, box, fatalities or sources, its count and its
-- sorted page of ids are answered from one index, without reading table rows
CREATE INDEX IF NOT EXISTS canonical_by_date ON canonical_events(event_date, event_type COLLATE NOCASE,
    country COLLATE NOCASE, latitude, longitude, fatalities, n_sources, event_id);
CREATE INDEX IF NOT EXISTS canonical_by_type ON canonical_events(event_type COLLATE NOCASE, event_date,
    country COLLATE NOCASE, latitude, longitude, fatalities, n_sources, event_id);
CREATE INDEX IF NOT EXISTS canonical_by_country ON canonical_events(country COLLATE NOCASE, event_date,
    event_type COLLATE NOCASE, latitude, longitude, fatalities, n_sources, event_id);
CREATE INDEX IF NOT EXISTS canonical_by_place ON canonical_events(latitude, longitude, event_date,
    event_type COLLATE NOCASE, country COLLATE NOCASE, fatalities, n_sources, event_id);
CREATE INDEX IF NOT EXISTS canonical_iso ON canonical_events(iso, event_date);
-- words of a canonical event's evidence, place and actors, for the text filter
CREATE VIRTUAL TABLE IF NOT EXISTS canonical_text USING fts5(body, event_id UNINDEXED);
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
-- the reviews applied to the current canonical events (derived from corrections when they are written)
CREATE TABLE IF NOT EXISTS canonical_reviews (
    event_id TEXT PRIMARY KEY, status TEXT NOT NULL, reviewer TEXT NOT NULL, at TEXT NOT NULL, review TEXT NOT NULL
);
-- the articles whose linked group is larger than STORY_GROUP_LIMIT (their stories stay in blocks)
CREATE TABLE IF NOT EXISTS large_story_groups (
    article_id TEXT PRIMARY KEY REFERENCES articles(article_id) ON DELETE CASCADE
);
"""

# canonical_events columns beyond the reports' scalar ones, and canonical_details' JSON columns
CANONICAL_SCALARS = ("fatalities_min", "fatalities_max", "n_sources")
CANONICAL_DETAILS = ("figures", "evidence", "reports", "articles", "sources", "outlets", "disagreements")
EVENT_SCALARS = tuple(c for c in EVENT_COLUMNS if c not in ("figures", "evidence"))

ALL_SCHEMA = SCHEMA + LINK_SCHEMA
