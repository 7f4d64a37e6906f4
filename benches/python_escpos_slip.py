#!/usr/bin/env python3
"""Print the same certificate slip content with python-escpos, using its defaults, and report
the byte count.

Input: the JSON written by `cargo run --example slip_bytes -- --content FILE` (the printed
lines with alignment/bold/double size, and the QR data). Output (stdout): `key value` lines.

Defaults used, as a python-escpos user would: `Dummy()` printer with the default profile,
`p.set(...)` for style, `p.qr(data)` with its defaults (native=False: the QR is rendered with
the `qrcode` package and sent as an image with `bitImageRaster`, i.e. GS v 0; ec=L, size=3),
`p.cut()`.

Chinese text: python-escpos's text() goes through its "magic" encoder, which picks among the
code pages of the printer profile; the default profile has no GB18030/GBK page, so Chinese
cannot be printed through text(). We do what python-escpos users do instead: send FS & once and
`p._raw(line.encode('gb18030'))` per line. The script checks and reports what text() does.
"""
import json
import sys

from escpos.printer import Dummy


def build(content):
    p = Dummy()
    p._raw(b"\x1c&")  # FS &: Chinese mode; python-escpos has no call for it
    qr_after = content["qr_after_line"]
    for i, line in enumerate(content["lines"]):
        if i == qr_after:
            p.set(align="center", bold=False, normal_textsize=True)
            p.ln()
            p.qr(content["qr"])  # defaults: native=False -> image QR
            p.ln()
        if line["double"]:
            p.set(align=line["align"], bold=line["bold"], double_width=True, double_height=True)
        else:
            p.set(align=line["align"], bold=line["bold"], normal_textsize=True)
        p._raw(line["text"].encode("gb18030"))
        p._raw(b"\n")
    p.ln(2)
    p.cut()
    return p.output


def text_path_check():
    """What python-escpos's own text() does with Chinese under the default profile."""
    p = Dummy()
    try:
        p.text("姓名：王秀英\n")
        out = p.output
        ok = "王秀英".encode("gb18030") in out
        return "ok" if ok else "lossy(" + out.hex() + ")"
    except Exception as e:  # noqa: BLE001 - report whatever it raises
        return "error(" + type(e).__name__ + ")"


def main():
    content = json.load(open(sys.argv[1], encoding="utf-8"))
    out = build(content)
    if len(sys.argv) > 2:
        open(sys.argv[2], "wb").write(out)
    # The image QR alone, for reference.
    q = Dummy()
    q.qr(content["qr"])
    print("python_escpos_default", len(out))
    print("python_escpos_qr_only", len(q.output))
    print("python_escpos_text_chinese", text_path_check())


if __name__ == "__main__":
    main()
