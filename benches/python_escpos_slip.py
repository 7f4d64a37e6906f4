#!/usr/bin/env python3
"""Print the same certificate slip content with python-escpos, using its defaults, and report
the byte count.

Input: the JSON written by `cargo run --example slip_bytes -- --content FILE` (the printed
lines with alignment/bold/double size, and the QR data). Output (stdout): `key value` lines.

Defaults used, as a python-escpos user would: `Dummy()` printer with the default profile,
`p.set(...)` for style, `p.qr(data)` with its defaults (native=False: the QR is rendered with
the `qrcode` package and sent as an image with `bitImageRaster`, i.e. GS v 0; ec=L, size=3),
`p.cut()`.

Chinese text: FS & is sent once with `p._raw` (python-escpos has no call for it). Lines go
through python-escpos's own `p.text()` when its "magic" encoder turns Chinese into GB18030 bytes
(python-escpos 3.1 with the default profile does); otherwise, as python-escpos users do, through
`p._raw(line.encode('gb18030'))`. Which path was used is reported (`python_escpos_text_path`).
"""
import json
import sys

from escpos.printer import Dummy


def build(content, use_text):
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
        if use_text:
            p.text(line["text"] + "\n")
        else:
            p._raw(line["text"].encode("gb18030") + b"\n")
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
    text_ok = text_path_check() == "ok"
    out = build(content, text_ok)
    if len(sys.argv) > 2:
        open(sys.argv[2], "wb").write(out)
    # The image QR alone, for reference.
    q = Dummy()
    q.qr(content["qr"])
    print("python_escpos_default", len(out))
    print("python_escpos_qr_only", len(q.output))
    print("python_escpos_text_path", "text()" if text_ok else "_raw(gb18030)")


if __name__ == "__main__":
    main()
