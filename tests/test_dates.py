from datetime import date

import pytest

from conflictlens.pipeline.dates import find_dates

PUB = date(2015, 7, 29)  # a Wednesday


def one(text, pub=PUB):
    found = find_dates(text, pub)
    assert found, f"no date found in {text!r}"
    return found[0][3]


@pytest.mark.parametrize("text,lo,hi,prec", [
    ("announced the offensive on Sunday", date(2015, 7, 26), date(2015, 7, 26), 1),
    ("reported on Wednesday", date(2015, 7, 29), date(2015, 7, 29), 1),  # the publication day itself
    ("since Monday night the alliance", date(2015, 7, 27), PUB, 2),
    ("clashes yesterday", date(2015, 7, 28), date(2015, 7, 28), 1),
    ("two days ago", date(2015, 7, 27), date(2015, 7, 27), 1),
    ("last week a spokesman said", date(2015, 7, 20), date(2015, 7, 26), 2),
    ("over the last three weeks", date(2015, 7, 8), PUB, 3),
    ("recaptured the city in early June", date(2015, 6, 1), date(2015, 6, 10), 3),
    ("seized Idlib city on March 28", date(2015, 3, 28), date(2015, 3, 28), 1),
    ("attacked on June 25", date(2015, 6, 25), date(2015, 6, 25), 1),
    ("On 3 May 2020, gunmen", date(2020, 5, 3), date(2020, 5, 3), 1),
    ("on August 4, 2013", date(2013, 8, 4), date(2013, 8, 4), 1),
    ("On May 2011 Syrian army launched a wide-scale operation", date(2011, 5, 1), date(2011, 5, 31), 3),
    ("the uprising of March 2011", date(2011, 3, 1), date(2011, 3, 31), 3),
    ("fighting on Monday night", date(2015, 7, 27), date(2015, 7, 27), 1),
    ("last Friday", date(2015, 7, 24), date(2015, 7, 24), 1),
    ("earlier this month", date(2015, 7, 1), PUB, 3),
    ("late last month", date(2015, 6, 21), date(2015, 6, 30), 3),
    ("last year", date(2014, 1, 1), date(2014, 12, 31), 3),
    ("the day before yesterday", date(2015, 7, 27), date(2015, 7, 27), 1),
])
def test_dates_relative_expressions(text, lo, hi, prec):
    ref = one(text)
    assert (ref.date_min, ref.date_max, ref.precision) == (lo, hi, prec)


@pytest.mark.parametrize("text,day", [
    ("AFP Sunday 1 Feb 2015 At least seven people were killed", date(2015, 2, 1)),
    ("On Wednesday, July 8, rebels shelled the town", date(2015, 7, 8)),
])
def test_dates_a_weekday_before_a_date_is_that_date(text, day):
    """The weekday written before a day's date is no second, relative date (the most recent Sunday)."""
    assert [(d[3].date_min, d[3].date_max) for d in find_dates(text, PUB)] == [(day, day)]


def test_dates_month_day_without_year_takes_latest_not_after_publication():
    ref = one("on December 30", date(2015, 1, 5))
    assert ref.date_min == date(2014, 12, 30)


def test_dates_without_publication_only_explicit_years_resolve():
    assert not one("on Sunday", None).resolved
    assert one("On 3 May 2020", None).date_min == date(2020, 5, 3)


def test_dates_bare_year_is_a_year_range():
    ref = one("a ceasefire established in 2020", date(2024, 11, 28))
    assert (ref.date_min, ref.date_max, ref.precision) == (date(2020, 1, 1), date(2020, 12, 31), 3)


@pytest.mark.parametrize("text,expected", [
    ("Sun 05 Jul 2015 22 dead in heavy U.S. raids on IS Syria stronghold.", date(2015, 7, 5)),
    ("BEIRUT, March 8, 2015 (AFP) - Syrian regime aircraft raided Douma.", date(2015, 3, 8)),
    ("Published October 31 2014 Activists in Syria reported", date(2014, 10, 31)),
    ("On 5 March 2015 the army shelled Idlib.", None),  # an event's date, not a dateline
])
def test_dates_dateline_gives_a_missing_publication_date(text, expected):
    from conflictlens import extract_article, make_article

    a = extract_article(make_article(text=text, where="t"))
    assert a.published == expected
    assert a.published_from == ("dateline" if expected else "")


def test_dates_the_texts_own_dateline_beats_a_date_given_from_outside():
    """A wire credit's dateline after the headline is the day the text counts from: "Sunday 1 Feb
    2015" is that day, not the Sunday before a later date the page's metadata gave, and "on
    Saturday" is the day before it.  The outside date is kept in ``published_from``."""
    from conflictlens import extract_article, make_article

    text = ("Seven dead in central Damascus blast Monitor AFP Sunday 1 Feb 2015 At least seven people were "
            "killed when a bomb exploded in a bus in Damascus. Rebels shelled the Old City of Damascus on Saturday.")
    a = extract_article(make_article(text=text, where="t", published=date(2015, 2, 16)))
    assert a.published == date(2015, 2, 1)
    assert a.published_from == "dateline; input said 2015-02-16"
    assert sorted(e.event_date for e in a.events) == [date(2015, 1, 31), date(2015, 2, 1)]
    # a date in the story is no dateline: the given publication date stands
    a = extract_article(make_article(text="Rebels said on Sunday 1 Feb 2015 they had shelled Damascus.", where="t",
                                     published=date(2015, 2, 16)))
    assert a.published == date(2015, 2, 16)


def test_dates_seeds_without_publication_date_get_an_honest_period(tmp_path):
    """Without the manifest: every event's range holds the article's true year, no event is dated
    to a day unless its sentence states a full date, and the 2024 article is not placed before 2017."""
    import json
    import re
    import shutil

    from conflictlens import extract_article, read_inputs

    from .conftest import SAMPLES

    truth = {}
    for line in (SAMPLES / "manifest.jsonl").read_text(encoding="utf-8").splitlines():
        rec = json.loads(line)
        truth[rec["file"]] = date.fromisoformat(rec["published"])
        shutil.copy(SAMPLES / rec["file"], tmp_path / rec["file"])
    arts = [extract_article(a) for a in read_inputs([tmp_path])]
    assert len(arts) == len(truth)
    for a in arts:
        year = truth[a.origin.split("/")[-1]].year
        assert a.published is None and a.events
        for e in a.events:
            assert e.date_min is not None and e.date_min.year <= year <= e.date_max.year, (a.origin, e)
            if e.time_precision == 1:
                assert re.search(r"\b(19|20)\d\d\b", e.evidence[0].text), e
            if year == 2024:
                assert e.date_min >= date(2017, 1, 1)
