"""A minimal hand-written PDF with a text layer (no PDF-writing library in the venv).

Chinese text needs a font; instead of embedding one, the page shows single-byte codes
in Helvetica and a ToUnicode CMap maps each code to its character, which is exactly what
text extraction reads.
"""

from __future__ import annotations


def make_pdf(lines: list[str]) -> bytes:
    chars = sorted({c for line in lines for c in line})
    if len(chars) > 250:
        raise ValueError("too many distinct characters for a one-byte font")
    code = {c: i + 1 for i, c in enumerate(chars)}
    cmap_entries = "\n".join(f"<{code[c]:02X}> <{ord(c):04X}>" for c in chars)
    cmap = (
        "/CIDInit /ProcSet findresource begin 12 dict begin begincmap\n"
        "/CMapName /Custom def /CMapType 2 def\n"
        "1 begincodespacerange <01> <FF> endcodespacerange\n"
        f"{len(chars)} beginbfchar\n{cmap_entries}\nendbfchar\n"
        "endcmap CMapName currentdict /CMap defineresource pop end end"
    )
    text_ops = []
    y = 760
    for line in lines:
        hexed = "".join(f"{code[c]:02X}" for c in line)
        text_ops.append(f"BT /F1 12 Tf 40 {y} Td <{hexed}> Tj ET")
        y -= 18
    content = "\n".join(text_ops)
    objects = [
        "<< /Type /Catalog /Pages 2 0 R >>",
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] "
        "/Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /ToUnicode 6 0 R >>",
        f"<< /Length {len(content.encode('latin-1'))} >>\nstream\n{content}\nendstream",
        f"<< /Length {len(cmap.encode('latin-1'))} >>\nstream\n{cmap}\nendstream",
    ]
    return _serialise(objects)


def make_layout_pdf(pages: list[list[tuple[float, float, str]]], size: int = 12) -> bytes:
    """A PDF whose pages place text runs at (x, y): for layout tests (cells, margins).

    Every code is one em wide (explicit /Widths), so a run of n characters spans
    n × `size` points and gaps between runs are exactly where the test puts them.
    """
    chars = sorted({c for page in pages for _, _, text in page for c in text})
    if len(chars) > 250:
        raise ValueError("too many distinct characters for a one-byte font")
    code = {c: i + 1 for i, c in enumerate(chars)}
    cmap_entries = "\n".join(f"<{code[c]:02X}> <{ord(c):04X}>" for c in chars)
    cmap = (
        "/CIDInit /ProcSet findresource begin 12 dict begin begincmap\n"
        "/CMapName /Custom def /CMapType 2 def\n"
        "1 begincodespacerange <01> <FF> endcodespacerange\n"
        f"{len(chars)} beginbfchar\n{cmap_entries}\nendbfchar\n"
        "endcmap CMapName currentdict /CMap defineresource pop end end"
    )
    widths = " ".join("1000" for _ in range(255))
    font = (
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /FirstChar 1 /LastChar 255 "
        f"/Widths [{widths}] /ToUnicode 4 0 R >>"
    )
    objects: list[str] = ["<< /Type /Catalog /Pages 2 0 R >>", "", font]
    objects.append(f"<< /Length {len(cmap.encode('latin-1'))} >>\nstream\n{cmap}\nendstream")
    kids = []
    for page in pages:
        ops = "\n".join(
            f"BT /F1 {size} Tf {x} {y} Td <{''.join(f'{code[c]:02X}' for c in text)}> Tj ET"
            for x, y, text in page
        )
        objects.append(f"<< /Length {len(ops.encode('latin-1'))} >>\nstream\n{ops}\nendstream")
        content = len(objects)
        objects.append(
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
            f"/Resources << /Font << /F1 3 0 R >> >> /Contents {content} 0 R >>"
        )
        kids.append(len(objects))
    objects[1] = (
        f"<< /Type /Pages /Kids [{' '.join(f'{k} 0 R' for k in kids)}] /Count {len(kids)} >>"
    )
    return _serialise(objects)


def _serialise(objects: list[str]) -> bytes:
    """Numbered objects, the cross-reference table and the trailer."""
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n{body}\nendobj\n".encode("latin-1")
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode("latin-1")
    for offset in offsets:
        out += f"{offset:010d} 00000 n \n".encode("latin-1")
    out += (
        f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode(
            "latin-1"
        )
    )
    return bytes(out)
