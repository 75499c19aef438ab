from conflictlens.pipeline.clean import clean_text
from conflictlens.pipeline.sentences import split_sentences


def test_clean_drops_web_leftovers_and_keeps_credits():
    raw = "Loading Now\n\nHeadline\n\nHeadline\n\nBody text here.\n\nOriginal Source: www.bbc.com\n\nPost Comment\nTranslated and edited by The Syrian Observer\nHelpful keywords\nLogo Wide"
    text, credits = clean_text(raw)
    assert text == "Headline\n\nBody text here."
    assert credits == ["www.bbc.com", "The Syrian Observer"]


def test_clean_seed_original_source_is_metadata(seed_articles):
    a = seed_articles["003_b2369b4b84a7bf49"]
    assert a.original_source == "www.bbc.com"
    assert "Original Source" not in a.text and "Post Comment" not in a.text and "Loading Now" not in a.text


def test_sentences_offsets_point_into_text():
    text = "Mr. Smith went to Aleppo. He said “hello” — then left.\nNew paragraph here."
    sents = split_sentences(text)
    assert [s.text for s in sents] == ["Mr. Smith went to Aleppo.", "He said “hello” — then left.", "New paragraph here."]
    assert all(text[s.start:s.end] == s.text for s in sents)
