from decision.text.plain_language import check_b1, split_sentences


def _words(n: int) -> str:
    return " ".join(["woord"] * n) + "."


def test_21_words_flagged_20_not():
    assert [f.kind for f in check_b1(_words(21))] == ["long_sentence"]
    assert check_b1(_words(20)) == ()


def test_decimal_and_abbreviation_do_not_split():
    text = "Het duurt 1,5 jaar. We doen o.a. groen en bijv. bomen."
    assert [s for _, s in split_sentences(text)] == [
        "Het duurt 1,5 jaar.",
        "We doen o.a. groen en bijv. bomen.",
    ]


def test_jargon_whole_word_case_insensitive_with_suggestion():
    flags = check_b1("De Meerkosten zijn laag. Dit is criteriumloos.")
    assert [(f.text, f.suggestion, f.position) for f in flags] == [("Meerkosten", "extra kosten", 3)]


def test_multi_word_term_and_koppelkans_not_jargon():
    flags = check_b1("De onrendabele top van deze koppelkans.")
    assert [f.text for f in flags] == ["onrendabele top"]


def test_jargon_inside_a_longer_word_is_not_flagged():
    assert check_b1("Een herweging van de bandbreedtes.") == ()
