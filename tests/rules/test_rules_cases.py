"""Every public example case of rules.md §9, label for label and problem for problem."""

from __future__ import annotations

import pytest

from diagrammer.rules import classify
from tests.rules.support import case_document, load_cases, problem_ids

CASES = load_cases()


@pytest.mark.parametrize("case", CASES, ids=[case["id"] for case in CASES])
def test_public_case(case):
    result = classify(case_document(case))
    assert result.labels == case["expected"]
    assert problem_ids(result) == case["expected_problems"]


def test_every_public_case_is_checked():
    assert len(CASES) >= 8
