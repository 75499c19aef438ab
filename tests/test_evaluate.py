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
