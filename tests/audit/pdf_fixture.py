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
