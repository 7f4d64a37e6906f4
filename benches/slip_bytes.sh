#!/usr/bin/env bash
# Certificate slip bytes: certdesk (native QR, raster QR; 58 and 80 mm) against python-escpos
# with its defaults (image QR) for the same content (SPEC §7: native ≤ 1/5 of python-escpos),
# and the time our native slip takes at 9600 baud 8N1 (960 bytes/s; bar < 1.5 s).
#
# Usage: benches/slip_bytes.sh            (needs python3 with venv; PyPI for python-escpos)
set -euo pipefail
cd "$(dirname "$0")/.."

out=target/slip_bytes
venv=${SLIP_BENCH_VENV:-target/bench-venv}
mkdir -p "$out"

if ! "$venv/bin/python" -c 'import escpos' 2>/dev/null; then
    python3 -m venv "$venv"
    "$venv/bin/pip" install --quiet --disable-pip-version-check python-escpos
fi
pyver=$("$venv/bin/python" -c 'import importlib.metadata as m; print(m.version("python-escpos"))')

cargo run --release --quiet --example slip_bytes -- --content "$out/content.json" --dump "$out" \
    > "$out/ours.txt"
"$venv/bin/python" benches/python_escpos_slip.py "$out/content.json" "$out/python_escpos.bin" \
    > "$out/python.txt"

echo "python-escpos $pyver"
cat "$out/ours.txt" "$out/python.txt"
awk '
    { v[$1] = $2 }
    END {
        py = v["python_escpos_default"]
        split("native_58mm native_80mm raster_58mm raster_80mm", k, " ")
        for (i = 1; i <= 4; i++) {
            n = v["ours_" k[i]]
            printf "ratio ours_%s / python_escpos_default = %.3f (1/%.1f)\n", k[i], n / py, py / n
        }
        bad = 0
        for (i = 1; i <= 2; i++) {
            n = v["ours_" k[i]]
            t = n / 960
            printf "at 9600 baud 8N1: ours_%s %d bytes = %.2f s (bar < 1.5 s)\n", k[i], n, t
            if (t >= 1.5 || n * 5 > py) bad = 1
        }
        for (i = 3; i <= 4; i++) {
            n = v["ours_" k[i]]
            printf "at 9600 baud 8N1: ours_%s %d bytes = %.2f s (fallback, no bar)\n", k[i], n, n / 960
        }
        printf "at 9600 baud 8N1: python_escpos_default %d bytes = %.2f s\n", py, py / 960
        n = v["ours_native_58mm_longest_qr"]
        printf "at 9600 baud 8N1: ours_native_58mm with the longest (221-char) QR %d bytes = %.2f s\n", n, n / 960
        if (n / 960 >= 1.5) bad = 1
        q = v["ours_native_qr_only"]; pq = v["python_escpos_qr_only"]
        printf "QR commands alone: ours native %d bytes vs python-escpos image %d bytes = 1/%.1f\n", q, pq, pq / q
        floor = v["ours_native_58mm"] - q
        printf "floor: our 58 mm slip without any QR is %d bytes = 1/%.1f of python-escpos; the text lines are the same bytes on both sides, so the 1/5 bar depends on how much text the slip carries\n", floor, py / floor
        print "note: python-escpos default QR is ECC L with 3-dot (0.375 mm) modules; ours is ECC Q with modules sized to the paper"
        if (bad) { print "BAR MISSED (see above)"; exit 1 } else print "bars met: native <= 1/5 of python-escpos, < 1.5 s at 9600 baud"
    }' "$out/ours.txt" "$out/python.txt"
