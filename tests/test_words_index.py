"""The index columns of an account: folded words everywhere, stems and parts of titles."""

from __future__ import annotations

from metanet.words.index import COLUMNS, FIELDS, document


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


def test_row_has_every_column_as_text() -> None:
    row = document({"role": "Geschäftsführer*in"}).row()
    assert set(row) == set(COLUMNS)
    assert row["words"] == "geshaftsfuhrerin" and row["stems"] == "geshaftsfuhr"
    assert row["parts"] == "geshaft fuhr"
    assert document({}).row() == dict.fromkeys(COLUMNS, "")
    assert FIELDS == ("name", "headline", "company", "role", "location")
