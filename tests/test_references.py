"""The reference list the reports print is the spec's (§12), number for number."""

from __future__ import annotations

import re

import pytest

from runsense.references import REFERENCES, cited
from tests.conftest import ROOT

SPEC = ROOT.parent / "shared" / "spec" / "domain.md"


@pytest.mark.skipif(not SPEC.exists(), reason="the spec (../shared/spec/domain.md) is not beside this checkout")
def test_the_reference_list_is_the_specs():
    section = SPEC.read_text(encoding="utf-8").split("## 12. References", 1)[1].split("\n## 13", 1)[0]
    spec = {int(m[1]): m[2].replace("*", "") for m in re.finditer(r"^(\d+)\. (.*)$", section, re.MULTILINE)}
    assert spec == REFERENCES


def test_citations_are_read_from_flag_texts():
    assert cited("COH [27]; criticised [27,32–35] and [49, 50]") == [27, 32, 33, 34, 35, 49, 50]
    assert cited("no citation, [999] unknown") == []
