"""Selecting listings by verdict or seller, and the form's choices as one decision."""

from werkzeug.datastructures import MultiDict

from ipp.review.bulk import Row, form_decision, select_rows, sellers_of

ROWS = [Row(1, "pass", "shop-a", "pending"), Row(2, "review", "reseller", "pending"),
        Row(3, "fail", "reseller", "rejected"), Row(4, "pass", None, "pending")]


def test_selectors():
    assert select_rows(ROWS, "all") == {1, 2, 3, 4}
    assert select_rows(ROWS, "verdict:pass") == {1, 4}
    assert select_rows(ROWS, "seller:reseller") == {2, 3}
    assert select_rows(ROWS, "action:rejected") == {3}
    for nothing in (None, "", "none", "seller:", "colour:red", "id:1"):
        assert select_rows(ROWS, nothing) == set()
    assert sellers_of(ROWS) == ["reseller", "shop-a"]


def test_own_choice_wins_over_the_selection_which_wins_over_the_whole():
    form = MultiDict([("outcome", "takedown"), ("selected", "2"), ("selected", "3"),
                      ("bulk_outcome", "reject"), ("bulk_reason", "authorized_reseller"),
                      ("listing-3", "takedown"), ("listing-1", "")])
    data, ids, errors = form_decision(form, ROWS)
    assert errors == {} and ids == {"1": 1, "2": 2, "3": 3, "4": 4}
    assert data["listings"] == {
        "2": {"outcome": "reject", "reason_code": "authorized_reseller"},
        "3": {"outcome": "takedown", "reason_code": None}}


def test_bad_selections_are_errors():
    def errors(*pairs):
        return form_decision(MultiDict([("outcome", "takedown"), *pairs]), ROWS)[2]

    assert set(errors(("bulk_outcome", "takedown"))) == {"bulk_outcome"}
    assert set(errors(("bulk_outcome", "burn"), ("selected", "1"))) == {"bulk_outcome"}
    assert set(errors(("bulk_outcome", "reject"), ("selected", "1"))) == {"bulk_reason"}
    assert set(errors(("bulk_outcome", "takedown"), ("selected", "99"))) == {"selected"}
    assert errors(("selected", "1")) == {}  # a selection alone decides nothing
