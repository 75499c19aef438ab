from datetime import date

import pytest

from conflictlens.knowledge.actors import ActorBase
from conflictlens.knowledge.names import name_key, skeleton_key


@pytest.mark.parametrize("a,b", [("Idleb", "Idlib"), ("Lattakia", "Latakia"), ("Hassakeh", "Hasakah"),
                                 ("Jisr al-Shughour", "Jisr ash-Shughur"), ("Deir ez-Zor", "Dayr az Zawr"),
                                 ("Tel Tamer", "Tell Tamr"), ("Jourin", "Jurin"), ("Sahel al-Ghab", "Sahl al-Ghab")])
def test_names_transliteration_variants_share_a_skeleton(a, b):
    assert skeleton_key(a) == skeleton_key(b)


def test_names_key_drops_articles_and_doubles():
    assert name_key("Jisr al-Shughour") == "jisr shughour"
    assert name_key("Lattakia") == name_key("Latakia")


def test_gazetteer_tiny_lookup(tiny_gazetteer):
    assert {p.name for p in tiny_gazetteer.lookup("Idleb")} == {"Idlib"}
    assert tiny_gazetteer.admin1_canonical("SY", "Idleb Governorate") == "Idlib"


def test_gazetteer_user_file_is_used(tmp_path, tiny_gazetteer):
    from conflictlens.knowledge.gazetteer import Gazetteer

    from .conftest import TINY_GAZETTEER

    p = tmp_path / "g.tsv"
    p.write_text(TINY_GAZETTEER, encoding="utf-8")
    g = Gazetteer(p)
    extra = tmp_path / "mine.tsv"
    extra.write_text("id\tkind\tname\tcountry\tadmin1\tadmin2\tlat\tlon\tpopulation\tsource\tnames\n"
                     "u:1\tvillage\tKhirbet Zzz\tSY\tIdlib\t\t35.9\t36.5\t0\tuser\tKhirbat Zzz\n", encoding="utf-8")
    assert g.add_file(extra) == 1
    assert g.lookup("Khirbat Zzz")[0].source == "user"


def test_actors_resolve_by_date():
    base = ActorBase()
    nusra = base.index.get_key(name_key("Nusra Front"))
    assert base.pick(tuple(nusra), date(2015, 3, 5)).name == "Jabhat al-Nusra"
    assert base.pick(tuple(nusra), date(2018, 1, 1)).name == "HTS: Hayat Tahrir al Sham"
    syr = base.index.get_key(name_key("Syrian army"))
    assert base.pick(tuple(syr), date(2015, 1, 1)).name == "Military Forces of Syria (2000-)"
    assert base.pick(tuple(syr), date(2025, 3, 1)).name == "Military Forces of Syria (2024-)"


def test_actors_generic_names_follow_acled():
    base = ActorBase()
    assert base.generic_name("state", "Ukraine", "UA", date(2020, 5, 1)) == "Military Forces of Ukraine (2019-)"
    assert base.generic_name("police", "India", "IN", date(2020, 5, 1)) == "Police Forces of India (2014-)"
    assert base.generic_name("unidentified", "Syria", "SY", None) == "Unidentified Armed Group (Syria)"


def test_actors_user_file_is_used(tmp_path):
    p = tmp_path / "mine.yaml"
    p.write_text("actors:\n  - {name: 'Northern Storm Brigade', inter: 2, country: SY, aliases: ['Northern Storm']}\n")
    base = ActorBase()
    base.add_file(p)
    assert base.index.get_key(name_key("Northern Storm"))[0].name == "Northern Storm Brigade"
