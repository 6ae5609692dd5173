"""The report's HTML: one self-contained page (CSS inline, figures as inline SVG, no script).

A Content-Security-Policy meta tag forbids every fetch (``default-src 'none'``; images only from
``data:`` URIs, the rasterised point clouds inside the SVGs), so the page cannot reach the
network even if a figure's text held a URL. It reads on a narrow screen (the figures scale, wide
tables scroll inside their box) and in print (no navigation, figures and tables not split
across pages).
"""

from __future__ import annotations

import html
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

__all__ = ["Section", "figure", "page", "paragraph", "table"]

CSS = """
:root { --fg: #1d1d1f; --muted: #5f6368; --rule: #d9dce1; --accent: #1f5fa8; --box: #f4f7fb; }
* { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; }
body { margin: 0; color: var(--fg); background: #fff; line-height: 1.5;
  font: 16px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial,
  sans-serif; }
main { max-width: 62rem; margin: 0 auto; padding: 1rem 1.25rem 3rem; }
p, li, figcaption, caption, h1, h2, h3 { overflow-wrap: anywhere; }  /* long paths and ids */
header h1 { font-size: 1.6rem; margin: 0.5rem 0 0.25rem; }
header p { margin: 0.2rem 0; color: var(--muted); }
h2 { font-size: 1.25rem; margin: 2.2rem 0 0.6rem; padding-bottom: 0.2rem;
  border-bottom: 1px solid var(--rule); }
h3 { font-size: 1.05rem; margin: 1.4rem 0 0.4rem; }
nav.toc { background: var(--box); border: 1px solid var(--rule); border-radius: 6px;
  padding: 0.5rem 1rem; margin: 1rem 0; font-size: 0.92rem; }
nav.toc ol { margin: 0.2rem 0; padding-left: 1.3rem; columns: 2; column-gap: 2rem; }
nav.toc a { color: var(--accent); text-decoration: none; }
section.summary { background: var(--box); border-left: 4px solid var(--accent);
  padding: 0.6rem 1rem; border-radius: 4px; }
section.summary h2 { border: 0; margin-top: 0.4rem; }
section.summary h3 { margin: 0.7rem 0 0.1rem; font-size: 1rem; }
section.summary ul { margin: 0.2rem 0; padding-left: 1.3rem; }
section.summary li { margin: 0.25rem 0; }
figure { margin: 1rem 0 1.5rem; }
figure svg.figure-svg { display: block; width: 100%; height: auto; max-width: 52rem; }
figcaption { font-size: 0.88rem; color: var(--muted); margin-top: 0.3rem; }
figcaption b { color: var(--fg); }
.table-wrap { overflow-x: auto; margin: 0.8rem 0 1.4rem; }
table { border-collapse: collapse; font-size: 0.88rem; min-width: 50%; }
caption { caption-side: top; text-align: left; font-size: 0.88rem; color: var(--muted);
  padding-bottom: 0.3rem; }
th, td { padding: 0.25rem 0.6rem; border-bottom: 1px solid var(--rule); }
th, td.num { white-space: nowrap; }
th { text-align: left; background: var(--box); font-weight: 600; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
p.note { font-size: 0.88rem; color: var(--muted); }
footer { margin-top: 3rem; font-size: 0.85rem; color: var(--muted);
  border-top: 1px solid var(--rule); padding-top: 0.6rem; }
@media (max-width: 40rem) {
  body { font-size: 15px; }
  main { padding: 0.6rem 0.7rem 2rem; }
  header h1 { font-size: 1.3rem; }
  nav.toc ol { columns: 1; }
  th, td { padding: 0.2rem 0.35rem; }
  /* a figure keeps a readable size and scrolls sideways inside its own box */
  figure { overflow-x: auto; }
  figure svg.figure-svg { width: 40rem; max-width: none; }
  /* a wide table scrolls; its caption stays within the screen */
  caption { max-width: calc(100vw - 1.4rem); }
}
@media print {
  @page { margin: 14mm 12mm; }
  body { font-size: 10.5pt; }
  main { max-width: none; padding: 0; }
  nav.toc { display: none; }
  h2, h3 { break-after: avoid; page-break-after: avoid; }
  figure, .table-wrap, table, section.summary { break-inside: avoid; page-break-inside: avoid; }
  .table-wrap { overflow: visible; }
  section.summary { border: 1px solid #999; }
  * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
}
"""

#: No request may leave the page: images only from data: URIs, styles only inline.
CSP = "default-src 'none'; img-src data:; style-src 'unsafe-inline'"


@dataclass
class Section:
    """A section of the page: its anchor, heading and HTML blocks."""

    id: str
    title: str
    blocks: list[str] = field(default_factory=list)


def esc(text: Any) -> str:
    return html.escape(str(text), quote=True)


def paragraph(text: str, cls: str | None = None) -> str:
    """A paragraph of plain text (escaped)."""
    attr = f' class="{cls}"' if cls else ""
    return f"<p{attr}>{esc(text)}</p>"


def figure(svg: str, title: str, caption: str) -> str:
    """An inline SVG with its caption: a bold title, then what the figure shows."""
    return f"<figure>{svg}<figcaption><b>{esc(title)}.</b> {esc(caption)}</figcaption></figure>"


def _cell(value: Any, fmt: Callable[[Any], str] | None) -> tuple[str, bool]:
    if fmt is not None:
        return fmt(value), True
    if isinstance(value, (bool, np.bool_)):
        return ("yes" if value else "no"), False
    if isinstance(value, (int, np.integer)):
        return f"{int(value):,}", True
    if isinstance(value, (float, np.floating)):
        return ("–" if not np.isfinite(value) else f"{float(value):.3f}"), True
    return str(value), False


def table(
    frame: pd.DataFrame,
    caption: str,
    *,
    labels: Mapping[str, str] | None = None,
    formats: Mapping[str, Callable[[Any], str]] | None = None,
) -> str:
    """A rounded, labelled HTML table of ``frame`` (floats to 3 decimals, counts with
    thousands separators, missing values as "–").

    Examples
    --------
    >>> df = pd.DataFrame({"k": [1, 2], "tc": [0.12345, float("nan")]})
    >>> print(table(df, "TC per K", labels={"tc": "mean TC"}))  # doctest: +ELLIPSIS
    <div class="table-wrap"><table><caption>TC per K</caption><thead><tr><th class="num">k</th>...
    """
    labels = labels or {}
    formats = formats or {}
    cols = list(frame.columns)
    numeric = {c: pd.api.types.is_numeric_dtype(frame[c]) for c in cols}
    num = ' class="num"'
    head = "".join(f"<th{num if numeric[c] else ''}>{esc(labels.get(c, c))}</th>" for c in cols)
    rows = []
    for rec in frame.itertuples(index=False):
        cells = []
        for c, v in zip(cols, rec):
            text, is_num = _cell(v, formats.get(c))
            cells.append(f"<td{num if is_num and numeric[c] else ''}>{esc(text)}</td>")
        rows.append("<tr>" + "".join(cells) + "</tr>")
    return (
        f'<div class="table-wrap"><table><caption>{esc(caption)}</caption>'
        f"<thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table></div>"
    )


def page(
    title: str,
    subtitle: Sequence[str],
    summary: Sequence[tuple[str, Sequence[str]]],
    sections: Sequence[Section],
    footer: Sequence[str],
) -> str:
    """The whole HTML document; ``summary`` is a list of (heading, sentences) groups."""
    toc = "".join(f'<li><a href="#{esc(s.id)}">{esc(s.title)}</a></li>' for s in sections)
    body = "".join(
        f'<section id="{esc(s.id)}"><h2>{esc(s.title)}</h2>{"".join(s.blocks)}</section>'
        for s in sections
    )
    points = "".join(
        (f"<h3>{esc(head)}</h3>" if head else "")
        + "<ul>"
        + "".join(f"<li>{esc(line)}</li>" for line in lines)
        + "</ul>"
        for head, lines in summary
    )
    sub = "".join(f"<p>{esc(line)}</p>" for line in subtitle)
    foot = "".join(f"<p>{esc(line)}</p>" for line in footer)
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en"><head><meta charset="utf-8">'
        f'<meta http-equiv="Content-Security-Policy" content="{CSP}">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f'<meta name="generator" content="graphlab report">'
        f"<title>{esc(title)}</title><style>{CSS}</style></head>"
        f"<body><main><header><h1>{esc(title)}</h1>{sub}</header>"
        f'<nav class="toc" aria-label="contents"><b>Contents</b><ol>{toc}</ol></nav>'
        f'<section class="summary" id="summary"><h2>Summary</h2>{points}</section>'
        f"{body}<footer>{foot}</footer></main></body></html>\n"
    )
