from conflictlens.evaluate import best_match
from conflictlens.models import Event


def _ev(sub, lat, lon):
    return Event(event_id=f"e{lat}", article_id="a", event_date=None, date_min=None, date_max=None,
                 time_precision=1, event_type="Battles", sub_event_type=sub,
                 latitude=lat, longitude=lon)


def test_best_match_prefers_type_then_the_rows_place():
    row = {"event_type": "Battles", "sub_event_type": "Armed clash", "latitude": "15.5", "longitude": "45.3"}
    far, near, other = _ev("Armed clash", 13.6, 44.0), _ev("Armed clash", 15.46, 45.32), _ev("Attack", 15.5, 45.3)
    assert best_match([other, far, near], row) is near
    assert best_match([other], row) is other
    assert best_match([far, near], {**row, "latitude": "", "longitude": ""}) is far  # no place: the first


def test_evaluate_goes_on_when_a_stage_fails_on_a_row(tmp_path, capsys):
    from conflictlens import extract_article
    from conflictlens.errors import StageError
    from conflictlens.evaluate import evaluate_acled

    csv_path = tmp_path / "rows.csv"
    csv_path.write_text(
        "event_date,event_type,sub_event_type,admin1,location,latitude,longitude,actor1,actor2,fatalities,iso,notes\n"
        '3-May-20,Protests,Peaceful protest,Idlib,Idlib,35.93,36.63,Protesters (Syria),,0,760,"On 3 May 2020, '
        'residents protested in Idlib."\n'
        '3-May-20,Protests,Peaceful protest,Idlib,Idlib,35.93,36.63,Protesters (Syria),,0,760,"BOOM"\n',
        encoding="utf-8")

    def flaky(article):
        if "BOOM" in article.raw:
            raise StageError("events", f"failed on article {article.article_id}: boom")
        return extract_article(article)

    scores = evaluate_acled(csv_path, extract=flaky)
    assert scores["errors"] == 1 and scores["rows"] == 2 and scores["rows_with_event"] == 0.5
    assert "boom" in capsys.readouterr().err
