"""The place stage's weights and thresholds, each with its reason: one object, passed through
``Context.settings.places`` (tests and callers hand in another with ``dataclasses.replace``)."""

from __future__ import annotations

import math
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class PlaceSettings:
    # -- scoring a candidate (``scoring.score_candidate``) ------------------------------------------
    # An admin area named in the same article outweighs prominence, the article's country outweighs
    # both (a village in Syria beats a town of the same name in Egypt when the article is about Syria).
    w_country: float = 6.0
    w_admin_context: float = 4.0
    w_population: float = 0.35  # per log10 of population
    w_curated: float = 1.5  # UCDP and hand-written features are conflict places
    # A report from a monitored front ("the OSCE SMM observed ... near Vesele") is about a place on it:
    # of namesakes, one within line_km of places both sides hold (by the monitor's held lists) gains
    # w_line, as much as a curated conflict place
    w_line: float = 1.5
    line_km: float = 15.0
    w_kind_admin1: float = 1.0
    admin_phrase_factor: float = 3  # ... times w_kind_admin1 when the text says it is an area ("Idleb province")
    bare_admin1_factor: float = 0.5  # ... and for a province named alone
    w_kind_country: float = 3  # a country named is meant as the country, whatever else shares its name
    # A city named like the province it lies in is its capital: preferred to the province itself when
    # the name stands alone ("Idlib"), by less than the article's country share can outweigh.
    w_own_province: float = 1.0
    w_admin2_bare: float = 1.0  # a bare name that is also a district: slightly less likely the district
    # A place that fits the area named after it ("Mehrabpur (Naushahro Firoz, Sindh)") beats a
    # namesake elsewhere: worth more than the article's country share and any population gap.
    w_qualifier_fit: float = 8.0

    # -- the article's country (``country``) ---------------------------------------------------------
    skeleton_min_len: int = 4  # a name shorter than this is not tried in other transliterations
    # A place outside the article's main country is kept only if that country is named in the
    # article or the place is a big city (reporters name capitals and big cities abroad).
    foreign_min_population: int = 100_000
    dominant_share: float = 0.5  # the country with this share of the place votes is the article's country ...
    dominant_lead: float = 2.5  # ... or this many times the votes of the next: a Syrian story naming Iraq, Lebanon and Turkey
    # Country votes weigh each candidate by sqrt(population): a named country counts as a nation,
    # a curated conflict place (UCDP, hand-written features) as a town, so that "Lebanon" outvotes
    # Lebanon, Pennsylvania and a Syrian village is not outvoted by a namesake hamlet abroad.
    country_vote_population: int = 10_000_000
    curated_vote_population: int = 20_000
    full_vote_population: int = 10_000  # a name that may be a town this big (or an area) gives a whole vote ...
    hamlet_vote_floor: float = 0.25  # ... smaller ones a share by the square root of their size, at least this
    w_qualifier_vote: float = 2.0  # country vote of a name used as a qualifier or with an admin word
    # Actors with a home country ("Houthi forces", "Ukrainian Forces") vote for it, as a place would.
    w_actor_vote: float = 1.0
    w_sentence_start: float = 0.5  # a sentence's first word is capitalised whatever it is: half a vote
    hint_vote: float = 2  # the country the reader or caller says the article is about
    # When no country stands out, a country's adjective ("Palestinian fishermen") votes for it if a name
    # may lie there ("Gaza"); only then, and quietly: foreign ones are common ("Russian warplanes" over Idlib)
    w_demonym_vote: float = 0.5

    # -- candidates (``candidates``) -----------------------------------------------------------------
    max_name_tokens: int = 6  # the longest run of words tried as one name
    min_single_token_chars: int = 4  # "Tel", "Deb", "Um": too short to trust alone
    short_name_min_population: int = 100_000  # ... unless a big city's own name ("Ufa", "Gao", "Kut")
    # An everyday English word ("Some", "Over", "Grand", "Shot": a Zipf frequency of 4, once per 100,000
    # words, or more) is a small place's name only where its capital says so: not at a sentence's start,
    # not in a headline whose every word is capitalised, not as the first word of a longer name ("the
    # Grand Mosque").  Place names that common in English are big places ("London", 5.3), which stay.
    common_word_zipf: float = 4.0
    # A given name ("John", "Valerie", "Mustafa", "Rami": 2.9 and up) is among the 60,000 commonest words
    # of English text; an unknown village's name ("Rajwara") is not
    given_name_zipf: float = 2.5
    title_case_share: float = 0.75  # a sentence with this share of its longer words capitalised is a headline
    title_case_min_words: int = 4
    joined_names_km: float = 50.0  # "Mogadishu-Dharkenley": a city and its district lie this close

    # -- names the gazetteer does not know as written (``unknown``) ----------------------------------
    # A name the gazetteer does not know as written is looked up by skeleton only after a locative word,
    # and only if it is long enough that its skeleton says something.
    skeleton_unknown_min_chars: int = 6
    # ... and when the whole run of capitalised words is not known that way, its first words may be
    # ("Koniko Gas Field", "Zardana Mashehad"), if they are one place (entries this close: GeoNames' and
    # UCDP's) in a province the article names or near a place it names
    one_place_km: float = 5.0
    max_unknown_name_tokens: int = 3
    near_named_km: float = 30.0

    # -- qualifiers and roles (``qualifiers``, ``roles``) ---------------------------------------------
    edge_km: float = 20.0  # a town this close to a town of the province its qualifier names lies on its edge
    edge_fit: float = 0.5  # ... and fits it half as well as a town inside it
    locality_km: float = 15.0  # a town's neighbourhoods and communities lie this close to it
    # "an airport north of Aleppo": features of that kind this close to the anchor, in that direction
    # (within a quarter turn either side), are what the writer means
    relational_max_km: float = 60.0
    relational_max_degrees: float = 67.5

    @property
    def near_cell_deg(self) -> float:
        """Grid cells of the named places, this many degrees of latitude a side: a place within
        near_named_km of a named one lies in the same or a neighbouring cell (a degree of latitude is
        111 km; cells are as wide in longitude, so nearer the poles a neighbour in longitude is tested
        by distance too)."""
        return self.near_named_km / 111.0

    @property
    def near_columns(self) -> int:
        return math.ceil(360 / self.near_cell_deg)  # columns wrap at the antimeridian
