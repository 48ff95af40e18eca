"""The index columns of an account: folded words everywhere, stems and parts of titles."""

from __future__ import annotations

import pytest

from metanet.words.index import COLUMNS, FIELDS, NAMESPACES, document, term, word_terms


def test_columns_of_an_account() -> None:
    doc = document(
        {
            "name": "Dr. Katharina Berger",
            "headline": "Vertriebsleiterin",
            "company": "Gesellschaft für Maschinen",
            "role": None,
            "location": "München",
        }
    )
    assert doc.columns["words"] == (
        "dr", "katarina", "berger", "vertriebsleiterin", "gesellshaft", "fur", "mashinen",
        "munchen",
    )  # fmt: skip
    # titles only are stemmed: "Berger" is no form of "Berg", a Gesellschaft no Gesellschafter
    assert doc.columns["stems"] == ("vertriebsleit",)
    assert doc.columns["parts"] == ("vertrieb", "leit")
    assert [o.field for o in doc.origins["words"]][-2:] == ["company", "location"]
    assert doc.origins["parts"][0].text == "Vertriebsleiterin"


def test_the_fts_row_is_every_column_under_its_namespace() -> None:
    # a title's words, its stems (German and English in one namespace: here they agree)
    # and its compound parts
    assert word_terms({"role": "Geschäftsführer*in"}) == (
        "t_geshaftsfuhrerin s_geshaftsfuhr p_geshaft p_fuhr"
    )
    # a role of several words is its pairs, per field: no pair across name and headline;
    # English stems only where they differ from the German ones
    assert word_terms({"name": "Anna Roth", "headline": "Head of Sales"}).split() == [
        "anna", "rot", "w_anna_rot",  # th = t: the loose folding of names
        "t_head", "t_of", "t_sales", "t_head_of", "t_of_sales",
        "s_head", "s_of", "s_sal", "s_head_of", "s_of_sal",
        "s_sale", "s_of_sale",
    ]  # fmt: skip
    assert word_terms({}) == "" and word_terms({"name": "—"}) == ""
    assert FIELDS == ("name", "headline", "company", "role", "location")
    assert set(COLUMNS) == set(NAMESPACES)


def test_terms_of_a_column() -> None:
    assert term("words", ("yilmaz",)) == "yilmaz"
    assert term("words", ("head", "of"), title=True) == "t_head_of"
    assert term("stems", ("head", "of")) == "s_head_of" == term("stems_en", ("head", "of"))
    with pytest.raises(ValueError, match="no term"):
        term("parts", ("vertrieb", "leit"))
