"""Whole page documents: escaping of clinic details and titles."""

from __future__ import annotations

import html

from hypothesis import given
from hypothesis import strategies as st

from handbook.pagehtml import ClinicDetails, escape, fill_placeholders, wrap


@given(st.text())
def test_escape_matches_the_standard_library(text: str) -> None:
    assert escape(text) == html.escape(text)


def test_clinic_details_cannot_inject_markup() -> None:
    filled = fill_placeholders(
        "<p>Call {{clinic_phone}} at {{clinic_name}}.</p>",
        ClinicDetails(name="<script>alert(1)</script> & Co", phone="0161 <b>999</b>"),
    )
    assert filled == (
        "<p>Call 0161 &lt;b&gt;999&lt;/b&gt; at &lt;script&gt;alert(1)&lt;/script&gt; &amp; Co.</p>"
    )


def test_page_title_is_escaped_in_the_document() -> None:
    assert "<title>PNH &amp; &quot;you&quot;</title>" in wrap("<p>x</p>", 'PNH & "you"')
