"""Shared fixtures: the seed articles, a tiny gazetteer, the default pipeline."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "conflictlens" / "samples"
SHARED = ROOT.parent / "shared"
ACLED_DEV = SHARED / "data" / "acled_2020_dev.csv"
RAMS_DEV = SHARED / "data" / "rams_syria_dev.jsonl"
FAKES_DEV = SHARED / "data" / "fakes_dev.csv"

TINY_GAZETTEER = """id\tkind\tname\tcountry\tadmin1\tadmin2\tlat\tlon\tpopulation\tsource\tnames
t:1\tcity\tIdlib\tSY\tIdlib\t\t35.93\t36.63\t128840\ttest\tIdleb
t:2\tadmin1\tIdlib\tSY\tIdlib\t\t35.87\t36.61\t442917\ttest\tIdlib Governorate|Idleb
t:3\tcity\tLatakia\tSY\tLatakia\t\t35.53\t35.79\t709000\ttest\tLattakia|Al Ladhiqiyah
t:4\tadmin1\tLatakia\tSY\tLatakia\t\t35.52\t35.80\t804915\ttest\tLattakia Governorate
t:5\tvillage\tSalma\tSY\tLatakia\tAl Haffah\t35.687\t36.141\t0\tucdp\t
t:6\tcity\tQusayr\tEG\tRed Sea\t\t26.10\t34.28\t24653\ttest\tAl Qusayr
t:7\tcity\tAl Qusayr\tSY\tHoms\t\t34.51\t36.58\t41062\ttest\tQusayr|Al-Qusayr
t:8\tadmin1\tHoms\tSY\tHoms\t\t34.71\t36.80\t1063969\ttest\tHoms Governorate
t:9\tcity\tLondon\tGB\tEngland\t\t51.51\t-0.13\t8961989\ttest\t
t:10\tcountry\tSyria\tSY\t\t\t35.10\t37.16\t11174561\ttest\tSyrian Arab Republic
t:11\tplain\tGhab plain\tSY\tHama\tSuqaylabiyah\t35.63\t36.35\t0\tfeatures\tSahl al-Ghab|Sahel al-Ghab
t:12\tcity\tJisr ash Shughur\tSY\tIdlib\t\t35.81\t36.32\t39311\ttest\tJisr al-Shughour
t:13\tcity\tMehrabpur\tPK\tBalochistan\t\t28.11\t68.03\t35263\ttest\t
t:14\tcity\tMehrabpur\tPK\tSindh\tNaushahro Firoz\t27.10\t68.42\t20000\ttest\t
t:15\tadmin1\tSindh\tPK\tSindh\t\t25.9\t68.5\t30000000\ttest\t
t:16\tcity\tMesquita\tBR\tMinas Gerais\t\t-19.22\t-42.61\t5040\ttest\t
t:17\tadmin1\tRio de Janeiro\tBR\tRio de Janeiro\t\t-22.5\t-43.2\t15000000\ttest\t
t:18\tcity\tNazare\tBR\tBahia\t\t-13.03\t-39.01\t30000\ttest\tNazar
t:19\tcountry\tLebanon\tLB\t\t\t33.9\t35.8\t6000000\ttest\t
t:20\tcity\tLebanon\tUS\tPennsylvania\t\t40.34\t-76.41\t25000\ttest\t
t:21\tcity\tSidon\tLB\tSouth\t\t33.56\t35.37\t163554\ttest\tSaida
t:22\tcity\tSidon\tUS\tMississippi\t\t33.41\t-90.20\t509\ttest\t
t:23\tcity\tNiš\tRS\tCentral Serbia\t\t43.32\t21.90\t250000\ttest\tNis
t:24\tcity\tNice\tFR\tProvence\t\t43.70\t7.27\t342669\ttest\tNis
t:25\tcountry\tSerbia\tRS\t\t\t44.0\t20.9\t7000000\ttest\t
t:26\tcity\tTripoli\tLY\tTarabulus\t\t32.89\t13.19\t1150989\ttest\t
t:27\tcity\tTripoli\tLB\tAsh Shimal\t\t34.44\t35.85\t229398\ttest\tTrablous
t:28\tcity\tBeirut\tLB\tBeirut\t\t33.89\t35.50\t1916100\ttest\t
t:29\tcity\tPalma\tES\tIlles Balears\t\t39.57\t2.65\t409661\ttest\t
t:30\tcity\tTall Rif'at\tSY\tAleppo\t\t36.47\t37.10\t20514\ttest\tTall Rifat
t:31\tcity\tAleppo\tSY\tAleppo\t\t36.20\t37.16\t1602264\ttest\tHalab
t:32\tcity\tUfa\tRU\tBashkortostan\t\t54.74\t55.97\t1120547\ttest\t
t:33\tvillage\tTal\tSY\tHoms\t\t34.6\t36.6\t5000\ttest\tTel
t:34\tcity\tKruta Balka\tUA\tPoltava\t\t49.4\t34.6\t900\ttest\t
t:35\tvillage\tKruta Balka\tUA\tDonetsk\t\t48.1\t37.9\t300\ttest\t
t:36\tadmin1\tDonetsk\tUA\tDonetsk\t\t48.0\t37.8\t4100000\ttest\tDonetsk Oblast
"""


@pytest.fixture(scope="session")
def tiny_gazetteer(tmp_path_factory):
    from conflictlens.knowledge.gazetteer import Gazetteer

    p = tmp_path_factory.mktemp("gaz") / "tiny.tsv"
    p.write_text(TINY_GAZETTEER, encoding="utf-8")
    return Gazetteer(p)


@pytest.fixture(scope="session")
def tiny_pipeline(tiny_gazetteer):
    from conflictlens import Pipeline
    from conflictlens.pipeline.context import Context

    return Pipeline(context=Context(gazetteer=tiny_gazetteer))


@pytest.fixture(scope="session")
def seed_articles():
    """The five seeds, extracted with the full default knowledge."""
    from conflictlens import extract_article, read_inputs

    return {a.article_id: extract_article(a) for a in read_inputs([SAMPLES])}


@pytest.fixture(scope="session")
def seed_counts(seed_articles, tmp_path_factory):
    """What the library makes of the seeds (reports, canonical events, stories), for front-end tests
    to compare their answers with: the counts follow the coder, the front ends only show them."""
    import copy

    from conflictlens.linking import Linker
    from conflictlens.store import Store

    with Store(tmp_path_factory.mktemp("seedcounts") / "s.db") as store:
        linker = Linker(store)
        for a in seed_articles.values():
            linker.save(copy.deepcopy(a))
        return {"reports": sum(len(a.events) for a in seed_articles.values()),
                "events": len(store.canonical_events()), "stories": len(store.stories())}
