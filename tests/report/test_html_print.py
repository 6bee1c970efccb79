"""The HTML draft prints on A4 from a browser without shrinking, wraps long words, and has
no errors in the W3C Nu HTML checker (issue 15, item 5).

No browser is at hand in the tests, so the print rules are checked in the page's CSS: an
A4 page with margins; long words wrap (``overflow-wrap: anywhere`` on the body, which
every element inherits and none takes back); nothing has a fixed width wider than the
printable width; and nothing that cannot wrap (``white-space: nowrap``) can be longer than
a line. The Nu checker (``vnu.jar`` from the npm package ``vnu-jar``, run with Java) is
used where it is installed: ``tools/setup`` puts it in ``.tools/`` when npm is there, or
``VNU_JAR`` names the jar.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import made_up_years
import pytest

from msmedesk.db.engine import open_data_file
from msmedesk.records import Services
from msmedesk.report import write_report
from msmedesk.report.html_render import render_html
from msmedesk.report.model import Paragraph, Report, Section, Text

PAGE_MM = 210.0  # A4's width
ROOT = Path(__file__).resolve().parents[2]
_UNITS_MM = {"mm": 1.0, "cm": 10.0, "in": 25.4, "pt": 25.4 / 72, "px": 25.4 / 96}


def _rules(css: str) -> dict[str, dict[str, str]]:
    """Selector -> declarations of a flat style sheet; "@media print" rules are keyed
    "print <selector>"."""
    css = re.sub(r"/\*.*?\*/", "", css, flags=re.S)
    out: dict[str, dict[str, str]] = {}
    for media, inner in re.findall(r"@media\s+(\w+)\s*\{((?:[^{}]*\{[^{}]*\})*)\s*\}", css):
        for selector, body in re.findall(r"([^{}]+)\{([^{}]*)\}", inner):
            for one in selector.split(","):
                out.setdefault(f"{media} {one.strip()}", {}).update(_declarations(body))
    css = re.sub(r"@media\s+\w+\s*\{(?:[^{}]*\{[^{}]*\})*\s*\}", "", css)
    for selector, body in re.findall(r"([^{}]+)\{([^{}]*)\}", css):
        for one in selector.split(","):
            out.setdefault(one.strip(), {}).update(_declarations(body))
    return out


def _declarations(body: str) -> dict[str, str]:
    pairs = (d.split(":", 1) for d in body.split(";") if ":" in d)
    return {k.strip(): v.strip() for k, v in pairs}


def _mm(value: str) -> float | None:
    match = re.fullmatch(r"(-?[\d.]+)(mm|cm|in|pt|px)", value.strip())
    return float(match.group(1)) * _UNITS_MM[match.group(2)] if match else None


def _page(report: Report | None = None) -> str:
    return render_html(report or Report(2024, "Informal Working Group on MSMEs",
                                        "2024 Annual Report", (), ()))


def _css(page: str) -> dict[str, dict[str, str]]:
    (css,) = re.findall(r"<style>(.*?)</style>", page, flags=re.S)
    return _rules(css)


def test_page_is_a4_with_margins_and_printable_width() -> None:
    """@page is A4 with margins; no fixed width is wider than what is left between them."""
    rules = _css(_page())
    page = rules["@page"]
    assert page["size"] == "A4"
    margins = [_mm(v) for v in page["margin"].split()]
    assert margins and all(m is not None and 10 <= m <= 30 for m in margins)
    left, right = (margins[3], margins[1]) if len(margins) == 4 else (margins[-1], margins[-1])
    assert left is not None and right is not None
    printable = PAGE_MM - left - right
    assert rules["print body"]["max-width"] == "none"
    for selector, declarations in rules.items():
        for prop in ("width", "min-width"):
            size = _mm(declarations.get(prop, "0mm"))
            assert size is None or size <= printable, (selector, prop)


def test_long_words_wrap_and_nothing_takes_it_back() -> None:
    """A word longer than a line wraps: the body says ``overflow-wrap: anywhere`` and no
    rule sets it back or forbids wrapping except the short document symbols."""
    rules = _css(_page())
    assert rules["body"]["overflow-wrap"] in ("anywhere", "break-word")
    for selector, declarations in rules.items():
        if selector != "body":
            assert "overflow-wrap" not in declarations and "word-wrap" not in declarations
            assert "word-break" not in declarations or declarations["word-break"] != "keep-all"
        if declarations.get("white-space") == "nowrap":
            assert selector in (".symbol",), selector


def test_only_short_symbols_are_kept_on_one_line() -> None:
    """A symbol that cannot be wider than a line is kept whole; a longer one may wrap, as a
    long word in staff's text does."""
    short, long_symbol = "INF/MSME/W/46/Rev.3", "INF/MSME/W/" + "/".join(["46"] * 60)
    word = "https://example.org/" + "a" * 300
    body = Paragraph("1.1.", (Text(short, "symbol"), Text(" and "), Text(long_symbol, "symbol"),
                              Text(f" and {word}.")))
    page = _page(Report(2024, "Informal Working Group on MSMEs", "2024 Annual Report",
                        (Section(1, "Introduction", (body,)),), ()))
    assert f'<span class="symbol">{short}</span>' in page
    assert f'<span class="symbol">{long_symbol}</span>' not in page
    assert long_symbol in page and word in page
    # The widest symbol kept whole: 40 characters of 9-point Verdana, at most 0.75 em each.
    from msmedesk.report import html_render
    widest_mm = html_render._LONG_SYMBOL * 9 * 0.75 * 25.4 / 72
    assert widest_mm < PAGE_MM - 2 * 25 - 12.7


def _vnu() -> list[str] | None:
    """The command that runs the Nu HTML checker, or None when it is not installed."""
    java = shutil.which("java")
    candidates = [os.environ.get("VNU_JAR", ""),
                  str(ROOT / ".tools" / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar")]
    jar = next((c for c in candidates if c and Path(c).is_file()), None)
    if java is None or jar is None:
        return None
    return [java, "-jar", jar, "--errors-only", "--format", "text"]


@pytest.mark.parametrize("year", ["2024", "made-up", "odd"])
def test_no_errors_in_the_nu_html_checker(year: str, tmp_path: Path, template_file: Path,
                                          sample_template_file: Path) -> None:
    """The 2024 draft, a busy made-up year and a page of odd characters check clean."""
    command = _vnu()
    if command is None:
        pytest.skip("the W3C Nu HTML checker is not installed: run tools/setup (needs npm "
                    "and Java) or set VNU_JAR to a vnu.jar")
    out = tmp_path / "r.html"
    if year == "odd":
        text = ('Smith & Sons <b>bold</b> "quotes"\nnext line\u2028\u00a0 \x0b ]]> <!-- -->'
                " \x00 \x85 \x9f \ufdd0 \ufffe end")
        report = Report(2024, "Group & <Co>", "2024 Annual Report",
                        (Section(1, "Intro", (Paragraph("1.1.", (Text(text),)),)),), ())
        out.write_text(render_html(report), encoding="utf-8")
    else:
        shutil.copyfile(template_file if year == "made-up" else sample_template_file,
                        tmp_path / "d.sqlite")
        services = Services(open_data_file(tmp_path / "d.sqlite", create=False))
        try:
            if year == "made-up":
                made_up_years.fill(services, "busy")
            write_report(services, made_up_years.YEAR if year == "made-up" else 2024, "html",
                         out)
        finally:
            services.close()
    checked = subprocess.run([*command, str(out)], capture_output=True, text=True, timeout=300)
    assert checked.returncode == 0 and "Error:" not in checked.stderr, checked.stderr
