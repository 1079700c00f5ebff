"""Charts for printed documents: vector SVG made on the server by pygal (no browser, no numpy).

pygal writes labels as SVG <text> in the font family named here; WeasyPrint draws that text with
the installed CJK font, so Chinese labels print as text (searchable, sharp), not as boxes.
"""

from __future__ import annotations

import base64
from decimal import Decimal

import pygal
from pygal.style import Style

from core.metrics import Value

# The same families as static/css/print.css: WeasyPrint picks the first one installed.
CJK_FONT = (
    '"Noto Sans CJK SC", "Noto Sans SC", "Source Han Sans SC", "WenQuanYi Zen Hei", sans-serif'
)

PRINT_STYLE = Style(
    background="white",
    plot_background="white",
    foreground="#333",
    foreground_strong="#000",
    foreground_subtle="#999",
    colors=("#2f6fb0", "#c0504d", "#9bbb59"),
    font_family=CJK_FONT,
    label_font_family=CJK_FONT,
    major_label_font_family=CJK_FONT,
    title_font_family=CJK_FONT,
    value_font_family=CJK_FONT,
    title_font_size=13,
    label_font_size=10,
    major_label_font_size=10,
    value_font_size=9,
)


def _number(value: Value) -> float | None:
    if value is None:
        return None
    return float(value) if isinstance(value, Decimal) else value


def trend_svg(title: str, unit: str, trend: dict[str, Value]) -> str:
    """A bar per month ("no data" months left empty), as an SVG document string."""
    chart = pygal.Bar(
        style=PRINT_STYLE,
        width=640,
        height=220,
        title=f"{title}（{unit}）" if unit else title,
        show_legend=False,
        print_values=False,
        disable_xml_declaration=True,
        js=[],  # a printed chart has no tooltips: no script reference in the SVG
        margin=8,
        x_label_rotation=0,
    )
    chart.x_labels = [code[2:] for code in trend]  # "26-11": short enough for twelve bars
    chart.add(title, [_number(v) for v in trend.values()])
    return chart.render(is_unicode=True)


def data_uri(svg: str) -> str:
    """The SVG as an <img> source WeasyPrint draws as vectors (no file, no fetch)."""
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode()).decode()


def breakdown_svg(title: str, rows: list[tuple[str, Value, str]]) -> str:
    """A horizontal bar per item (building, category, worker ...), at most 15, largest first."""
    shown = sorted(rows, key=lambda r: _number(r[1]) or 0, reverse=True)[:15]
    chart = pygal.HorizontalBar(
        style=PRINT_STYLE,
        width=640,
        height=60 + 22 * max(len(shown), 1),
        title=title,
        show_legend=False,
        disable_xml_declaration=True,
        js=[],
        margin=8,
    )
    chart.x_labels = [label for label, _value, _link in shown]
    chart.add(title, [_number(value) for _label, value, _link in shown])
    return chart.render(is_unicode=True)
