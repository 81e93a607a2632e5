"""Documents in every format, made by the tests themselves (never downloaded)."""
from __future__ import annotations

import io
from pathlib import Path

LINES = [
    "石柱县推进质量强县建设纪实",
    "石柱县成立了质量强县工作领导小组。",
    "全县食品抽检合格率为98.6%。",
    "县里制定地方标准12项。",
    "全县质量追溯体系尚未建立。",
    "下一步,将推行企业首席质量官制度。",
]


def write_txt(path: Path, lines: list[str] = LINES) -> Path:
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def write_html(path: Path, lines: list[str] = LINES) -> Path:
    paragraphs = "".join(f"<p>{line}</p>" for line in lines[1:])
    path.write_text(f"<!DOCTYPE html><html><head><meta charset='utf-8'><title>{lines[0]}_县政府网</title></head>"
                    f"<body><div class='nav'><a href='/'>首页</a> <a href='/x'>政务公开</a></div>"
                    f"<div class='share'>分享到:微信 微博</div><article><h1>{lines[0]}</h1>{paragraphs}</article>"
                    f"<div class='footer'>版权所有 网站地图</div></body></html>", encoding="utf-8")
    return path


def docx_bytes(lines: list[str] = LINES, table: list[list[str]] | None = None) -> bytes:
    import docx

    document = docx.Document()
    for line in lines:
        document.add_paragraph(line)
    if table:
        grid = document.add_table(rows=len(table), cols=len(table[0]))
        for r, row in enumerate(table):
            for c, cell in enumerate(row):
                grid.cell(r, c).text = cell
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def pdf_bytes(lines: list[str] = LINES, encrypt: str | None = None, text: bool = True) -> bytes:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    out = io.BytesIO()
    page = canvas.Canvas(out, encrypt=encrypt)
    if text:
        page.setFont("STSong-Light", 12)
        for number, line in enumerate(lines):
            page.drawString(60, 780 - 20 * number, line)
    else:
        page.rect(100, 100, 200, 200, fill=1)  # a scan has pictures, not text
    page.save()
    return out.getvalue()
