#!/bin/sh
# The browser check of tix-report's HTML, checked itself: tests/browser/
# render.sh renders a page with headless Chromium into a PNG of the whole
# page, and tests/browser/pngcheck.py finds the charts in it (the frames
# drawn in #b4c0cf, a colour nothing else on the page uses) and says
# whether each has something drawn in it, and whether every <svg> of the
# HTML is well-formed XML in the SVG namespace.
#
# First the decoder of pngcheck.py, without a browser: PNGs written here
# with zlib, row by row with every filter type, RGB and RGBA, must decode to
# the pixels they were made from, and what it does not read (greyscale,
# palette, 16 bits, interlaced, bad CRC, ...) must be refused.  Then the
# frame finder on images drawn here, and the SVG check on pages written
# here.  Then, with Chromium: pages with 3 good charts, a blank chart,
# a chart that is not XML, 2 charts where 3 are expected, a phone-width
# (390 px) render, a page taller than any window and one that asks for the
# network, each rendered and checked; and the decoder against Chromium's own decoding of its
# screenshots (a canvas in the same browser, read back with --dump-dom).
# The cases that need Chromium are skipped, saying so, when it is not
# installed (sh scripts/install-deps installs it).
. "$(dirname "$0")/../lib.sh"

command -v python3 >/dev/null 2>&1 || skip_all "python3 is not installed (sh scripts/install-deps)"

B="$TOP/tests/browser"
W="$SCRATCH_ROOT/browser"	# shared by the cases: the pages and the helper
mkdir -p "$W"

check() {
	python3 "$B/pngcheck.py" "$@"
}
render() {
	sh "$B/render.sh" "$@"
}

chromium=${CHROMIUM:-$(command -v chromium 2>/dev/null)}
[ -n "$chromium" ] || chromium=/usr/bin/chromium
if [ -x "$chromium" ] || command -v "$chromium" >/dev/null 2>&1; then
	have_chromium=yes
else
	have_chromium=
fi

# browser_case DESC BODY: a test_expect_success that needs Chromium
browser_case() {
	if [ -n "$have_chromium" ]; then
		test_expect_success "$1" "$2"
	else
		test_skipped=$((test_skipped + 1))
		echo "skip - $test_name: $1 (chromium is not installed: sh scripts/install-deps)"
	fi
}

# The helper: PNGs made with zlib, and comparisons of decoded pixels.
cat >"$W/mkpng.py" <<\EOF
"""
mkpng.py filters OUT.png OUT.ppm rgb|rgba WIDTH HEIGHT FILTERS
    A PNG of pseudo-random pixels, row y filtered with FILTERS[y % len]
    (digits 0-4), the compressed data split into several IDAT chunks, with
    two ancillary chunks; and the PPM pngcheck.py --ppm must print for it
    (RGBA composited onto white: (c * a + 255 * (255 - a) + 127) // 255).
mkpng.py decode PNGCHECK_DIR OUT_DIR
    Make PNGs in OUT_DIR, RGB and RGBA, 1, 2, 7, 37 and 300 pixels wide,
    whose rows use every filter type after every filter type (a de Bruijn
    sequence) and on the first row, and decode each with pngcheck.py's
    read_png, in this process; exit 1 at the first pixel that differs.
mkpng.py bad PNGCHECK_DIR OUT_DIR
    Write PNGs pngcheck.py must refuse (grey, palette, grey-alpha, 16bit,
    interlaced, crc, truncated, filter5, short, signature, no-iend), run
    pngcheck.py --ppm on each, in this process, and print its exit status
    and message.
mkpng.py frames OUT.png
    A white 400x300 RGB image with chart frames drawn in #b4c0cf: see
    the case that uses it.
mkpng.py same PPM HEX TOLERANCE
    HEX is one line per row, 6 hex digits per pixel (what the canvas page
    writes); exit 1 at the first pixel of the PPM more than TOLERANCE
    from it in a channel, or when the sizes differ; else print the size.
mkpng.py pixel PPM X Y
    Print the RRGGBB of pixel (X, Y) of the PPM.
"""
import struct, sys, zlib

def chunk(t, body):
    return struct.pack(">I", len(body)) + t + body + struct.pack(">I", zlib.crc32(t + body) & 0xFFFFFFFF)

def png(w, h, ctype, rows, depth=8, interlace=0, split=100):
    comp = zlib.compress(b"".join(rows), 9)
    out = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, depth, ctype, 0, 0, interlace))
    out += chunk(b"tEXt", b"Comment\x00made by mkpng.py")
    for i in range(0, len(comp), split):
        out += chunk(b"IDAT", comp[i:i + split])
    out += chunk(b"zzZz", b"an ancillary chunk nobody knows")
    return out + chunk(b"IEND", b"")

def paeth(a, b, c):
    p = a + b - c
    pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
    if pa <= pb and pa <= pc:
        return a
    return b if pb <= pc else c

def filt(ft, cur, prev, bpp):
    out = bytearray([ft])
    for i, x in enumerate(cur):
        a = cur[i - bpp] if i >= bpp else 0
        b = prev[i]
        c = prev[i - bpp] if i >= bpp else 0
        pred = [0, a, b, (a + b) // 2, paeth(a, b, c)][ft]
        out.append((x - pred) & 0xFF)
    return bytes(out)

def pixels(w, h, bpp):
    # a mix of noise, smooth gradients and flat runs, so that every
    # predictor and both wrap-arounds are met
    seed = 12345
    rows = []
    for y in range(h):
        row = bytearray()
        for x in range(w):
            for k in range(bpp):
                seed = (seed * 1103515245 + 12345) & 0x7FFFFFFF
                if (x // 7 + y) % 3 == 0:
                    v = seed >> 16
                elif (x // 7 + y) % 3 == 1:
                    v = x * 9 + y * 5 + k * 70
                else:
                    v = 255 if k < 3 else (0, 128, 255)[y % 3]
                row.append(v & 0xFF)
        rows.append(bytes(row))
    return rows

def to_rgb(row, bpp):
    if bpp == 3:
        return row
    out = bytearray()
    for i in range(0, len(row), 4):
        a = row[i + 3]
        out += bytes((c * a + 255 * (255 - a) + 127) // 255 for c in row[i:i + 3])
    return bytes(out)

def debruijn(k, n):
    """A de Bruijn sequence of digits 0..k-1: every n-digit string once."""
    a = [0] * k * n
    out = []
    def db(t, p):
        if t > n:
            if n % p == 0:
                out.extend(a[1:p + 1])
        else:
            a[t] = a[t - p]
            db(t + 1, p)
            for j in range(a[t - p] + 1, k):
                a[t] = j
                db(t + 1, t)
    db(1, 1)
    return "".join(map(str, out))

def encode(w, h, bpp, rows, fl):
    prev = bytes(w * bpp)
    data = []
    for y, row in enumerate(rows):
        data.append(filt(int(fl[y % len(fl)]), row, prev, bpp))
        prev = row
    return png(w, h, 2 if bpp == 3 else 6, data)

def main(argv):
    cmd = argv[0]
    if cmd == "filters":
        out, ppm, kind, w, h, fl = argv[1], argv[2], argv[3], int(argv[4]), int(argv[5]), argv[6]
        bpp = 3 if kind == "rgb" else 4
        rows = pixels(w, h, bpp)
        with open(out, "wb") as f:
            f.write(encode(w, h, bpp, rows, fl))
        with open(ppm, "wb") as f:
            f.write(b"P6\n%d %d\n255\n" % (w, h) + b"".join(to_rgb(r, bpp) for r in rows))
    elif cmd == "decode":
        sys.dont_write_bytecode = True  # no __pycache__ in tests/browser
        sys.path.insert(0, argv[1])
        import pngcheck
        seq = debruijn(5, 2)
        seq += seq[0]
        specs = [(w, len(seq), seq) for w in (1, 2, 37, 300)]
        specs += [(7, 2, "%d4" % ft) for ft in range(5)]
        n = 0
        for kind, bpp in (("rgb", 3), ("rgba", 4)):
            for w, h, fl in specs:
                rows = pixels(w, h, bpp)
                path = "%s/%s-%dx%d-%s.png" % (argv[2], kind, w, h, fl[:2])
                with open(path, "wb") as f:
                    f.write(encode(w, h, bpp, rows, fl))
                img = pngcheck.read_png(path)
                if (img.width, img.height) != (w, h):
                    print("%s: %dx%d, not %dx%d" % (path, img.width, img.height, w, h))
                    return 1
                for y in range(h):
                    want = to_rgb(rows[y], bpp)
                    if img.rows[y] != want:
                        x = next(i for i in range(len(want)) if img.rows[y][i] != want[i]) // 3
                        print("%s: pixel %d,%d (filter %s): decoded %s, made %s" % (
                            path, x, y, fl[y], img.rows[y][3 * x:3 * x + 3].hex(), want[3 * x:3 * x + 3].hex()))
                        return 1
                if img.filters != [fl.count(str(t)) for t in range(5)]:
                    print("%s: filters %s" % (path, img.filters))
                    return 1
                n += 1
        print("%d images decoded" % n)
    elif cmd == "bad":
        import contextlib, io
        sys.dont_write_bytecode = True  # no __pycache__ in tests/browser
        sys.path.insert(0, argv[1])
        import pngcheck
        rgb = [b"\x00" + bytes(30) for _ in range(10)]
        ok = png(10, 10, 2, rgb)
        bad = [
            ("grey", png(10, 10, 0, [b"\x00" + bytes(10)] * 10)),
            ("palette", png(10, 10, 3, [b"\x00" + bytes(10)] * 10)),
            ("grey-alpha", png(10, 10, 4, [b"\x00" + bytes(20)] * 10)),
            ("16bit", png(10, 10, 2, [b"\x00" + bytes(60)] * 10, depth=16)),
            ("interlaced", png(10, 10, 2, rgb, interlace=1)),
            ("crc", ok[:80] + bytes([ok[80] ^ 1]) + ok[81:]),  # in the first IDAT
            ("truncated", ok[:90]),
            ("filter5", png(10, 10, 2, rgb[:4] + [b"\x05" + bytes(30)] + rgb[5:])),
            ("short", png(10, 10, 2, rgb[:9])),
            ("signature", b"GIF89a" + bytes(40)),
            ("no-iend", ok[:-12]),
        ]
        for kind, data in bad:
            path = "%s/%s.png" % (argv[2], kind)
            with open(path, "wb") as f:
                f.write(data)
            err = io.StringIO()
            with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
                status = pngcheck.main(["--ppm", path])
            print(status, err.getvalue().replace(argv[2] + "/", ""), end="")
    elif cmd == "frames":
        w, h = 400, 300
        img = [bytearray(b"\xff" * 3 * w) for _ in range(h)]
        def put(x, y, c):
            img[y][3 * x:3 * x + 3] = bytes.fromhex(c)
        def box(x0, y0, bw, bh, c, fill=False):
            for y in range(y0, y0 + bh):
                for x in range(x0, x0 + bw):
                    if fill or x in (x0, x0 + bw - 1) or y in (y0, y0 + bh - 1):
                        put(x, y, c)
        F = "b4c0cf"
        box(10, 10, 100, 50, F)                 # chart 1: bars, 10% drawn
        box(20, 30, 10, 29, "4878b8", True)
        box(40, 40, 10, 19, "4878b8", True)
        box(200, 10, 150, 60, F)                # chart 2: one dot, blank
        put(260, 40, "d0603a")
        box(10, 100, 30, 15, F)                 # too small
        box(10, 150, 80, 40, F, True)           # filled, not an outline
        box(150, 150, 100, 60, F)               # a side missing: not a frame
        for y in range(151, 209):
            put(249, y, "ffffff")
        box(150, 230, 200, 60, F)               # chart 3: its line cut by a
        for x in range(170, 180):               # mark, still a frame; a
            put(x, 230, "333333")               # line of 10% drawn
        for x in range(151, 349):
            for y in range(236, 242):
                put(x, y, "333333")
        box(300, 100, 60, 30, "b4c0ce")         # another colour
        with open(argv[1], "wb") as f:
            f.write(png(w, h, 2, [b"\x00" + bytes(r) for r in img]))
    elif cmd in ("same", "pixel"):
        with open(argv[1], "rb") as f:
            data = f.read()
        magic, size, _, body = data.split(b"\n", 3)
        w, h = map(int, size.split())
        if cmd == "pixel":
            x, y = int(argv[2]), int(argv[3])
            print(body[3 * (y * w + x):3 * (y * w + x) + 3].hex())
            return 0
        with open(argv[2]) as f:
            hexrows = f.read().split()
        tol = int(argv[3])
        if len(hexrows) != h or any(len(r) != 6 * w for r in hexrows):
            print("sizes differ: PPM %dx%d, HEX %d rows of %s" % (w, h, len(hexrows), sorted({len(r) // 6 for r in hexrows})))
            return 1
        for y, r in enumerate(hexrows):
            want = bytes.fromhex(r)
            got = body[3 * w * y:3 * w * (y + 1)]
            for i in range(3 * w):
                if abs(want[i] - got[i]) > tol:
                    x = i // 3
                    print("pixel %d,%d: decoded %s, the browser %s" % (x, y, got[3 * x:3 * x + 3].hex(), want[3 * x:3 * x + 3].hex()))
                    return 1
        print("%dx%d same" % (w, h))
    return 0

sys.exit(main(sys.argv[1:]))
EOF
mkpng() {
	python3 "$W/mkpng.py" "$@"
}

# --- the decoder ---------------------------------------------------------

test_expect_success 'decoder: RGB and RGBA, every filter type after every filter type, several widths' '
	mkpng decode "$B" . >out &&
	echo "18 images decoded" >want &&
	test_cmp want out
'

test_expect_success 'decoder: pngcheck.py --ppm prints the pixels, RGBA composited onto white' '
	mkpng filters x.png want.ppm rgb 37 23 0123443210 &&
	check --ppm x.png >got.ppm &&
	test_cmp want.ppm got.ppm &&
	mkpng filters x.png want.ppm rgba 300 11 43210 &&
	check --ppm x.png >got.ppm &&
	test_cmp want.ppm got.ppm &&
	check --info x.png >out &&
	echo "300x11 RGBA, filters 0:2 1:2 2:2 3:2 4:3" >want &&
	test_cmp want out
'

test_expect_success 'decoder: what it does not read is refused, saying what it is' '
	mkpng bad "$B" . >out &&
	cat >want <<-\EOF &&
	3 pngcheck: grey.png: colour type 0 (greyscale): only 8-bit RGB and RGBA are read
	3 pngcheck: palette.png: colour type 3 (palette): only 8-bit RGB and RGBA are read
	3 pngcheck: grey-alpha.png: colour type 4 (greyscale+alpha): only 8-bit RGB and RGBA are read
	3 pngcheck: 16bit.png: bit depth 16: only 8-bit RGB and RGBA are read
	3 pngcheck: interlaced.png: interlaced (Adam7): only non-interlaced images are read
	3 pngcheck: crc.png: bad CRC in IDAT chunk at byte 69
	3 pngcheck: truncated.png: truncated IDAT chunk at byte 69
	3 pngcheck: filter5.png: row 4: filter type 5 (0 to 4 exist)
	3 pngcheck: short.png: image data is 279 bytes, 10x10 RGB needs 310
	3 pngcheck: signature.png: not a PNG file (bad signature)
	3 pngcheck: no-iend.png: no IEND chunk (truncated file?)
	EOF
	test_cmp want out &&
	test_must_fail --status 3 check --expect 1 interlaced.png >out 2>err &&
	grep "interlaced.png: interlaced (Adam7)" err &&
	test_must_fail --status 3 check --ppm nothere.png 2>err &&
	grep "nothere.png: .*No such file" err
'

# --- the frame finder and the SVG check, on made-up input ----------------

test_expect_success 'frames: outlines of the frame colour, at least 40x20, are the charts' '
	mkpng frames f.png &&
	test_must_fail --status 1 check --expect 3 f.png >out 2>err &&
	cat >want <<-\EOF &&
	chart 1: 10,10 100x50, 10.20% drawn
	chart 2: 200,10 150x60, 0.01% drawn
	chart 3: 150,230 200x60, 10.34% drawn
	EOF
	test_cmp want out &&
	echo "pngcheck: f.png: chart 2 is blank: 0.01% drawn, 0.50% needed" >want &&
	test_cmp want err &&
	check --expect 3 --min-drawn 0.01 f.png >out &&
	test_must_fail --status 1 check --expect 2 --min-drawn 0.01 f.png >out 2>err &&
	echo "pngcheck: f.png: expected 2 charts, found 3" >want &&
	test_cmp want err &&
	check --min-drawn 0.01 f.png >out &&
	test_must_fail --status 1 check --frame-color "#123456" f.png 2>err &&
	echo "pngcheck: f.png: no chart frames (colour #123456) found" >want &&
	test_cmp want err &&
	echo "chart 1: 300,100 60x30, 0.00% drawn" >want &&
	test_must_fail --status 1 check --frame-color b4c0ce f.png >out 2>err &&
	test_cmp want out &&
	check --min-size 10x10 --min-drawn 0 --expect 4 f.png >out &&
	grep "^chart 3: 10,100 30x15, 0.00% drawn" out &&
	check --border-share 0.7 --min-drawn 0 --expect 4 f.png >out &&
	grep "^chart 3: 150,150 100x60," out
'

test_expect_success 'frames: usage errors exit 2' '
	mkpng frames f.png &&
	test_must_fail --status 2 check --expect x f.png 2>err &&
	grep "expect x" err &&
	test_must_fail --status 2 check --frame-color red f.png 2>err &&
	test_must_fail --status 2 check --min-size 40 f.png 2>err &&
	test_must_fail --status 2 check --border-share 2 f.png 2>err &&
	test_must_fail --status 2 check --bogus f.png 2>err &&
	test_must_fail --status 2 check 2>err &&
	test_must_fail --status 2 check f.png f.png 2>err &&
	check --help >out &&
	grep "^usage:" out
'

# chart W H [MARKS [FRAME-ATTRIBUTES]]: an inline SVG chart as tix-report
# draws it: a frame first, then the marks
chart() {
	printf '<svg class="tix-chart" xmlns="http://www.w3.org/2000/svg" width="%d" height="%d" viewBox="0 0 %d %d">\n' \
		"$1" "$2" "$1" "$2"
	printf '<rect class="frame" x="0.5" y="0.5" width="%d" height="%d" fill="#ffffff" stroke="#b4c0cf" stroke-width="1" shape-rendering="crispEdges"%s/>\n' \
		$(($1 - 1)) $(($2 - 1)) "${4:+ $4}"
	printf '%s\n</svg>\n' "${3:-}"
}
BARS='<g fill="#4878b8"><rect x="60" y="120" width="60" height="150"/><rect x="180" y="60" width="60" height="210"/><rect x="300" y="180" width="60" height="90"/><rect x="420" y="100" width="60" height="170"/></g>
<line x1="40" y1="270.5" x2="580" y2="270.5" stroke="#333333"/><text x="40" y="24" font-family="sans-serif" font-size="14" fill="#222222">Tickets per category</text>'
LINE='<polyline points="20,170 60,150 100,160 140,90 180,110 220,60 260,80 300,40 340,70 380,30" fill="none" stroke="#d0603a" stroke-width="3"/>
<text x="20" y="20" font-family="sans-serif" font-size="12" fill="#222222">Daily volume &amp; trend</text>'
DOTS='<g fill="#2a9d6f"><circle cx="40" cy="250" r="8"/><circle cx="80" cy="200" r="8"/><circle cx="120" cy="210" r="8"/><circle cx="160" cy="150" r="8"/><circle cx="200" cy="120" r="8"/><circle cx="240" cy="90" r="8"/><circle cx="260" cy="50" r="8"/></g>'
# page TITLE [CSS]: the HTML around a body read from standard input
page() {
	printf '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><title>%s</title>\n' "$1"
	printf '<style>body { margin: 8px; background: #ffffff; color: #222222; font-family: sans-serif }\n'
	printf 'svg.tix-chart { display: block; margin: 16px 0 }%s</style></head><body>\n' "${2:-}"
	cat
	printf '</body></html>\n'
}

{
	echo '<h1>Weekly report</h1><p>Three charts, as tix-report draws them.</p>'
	chart 600 300 "$BARS"
	echo '<p>Volume per day over the last ten days.</p>'
	chart 400 200 "$LINE"
	chart 300 300 "$DOTS"
} | page 'three charts' >"$W/good.html"
{
	echo '<h1>Weekly report</h1>'
	chart 600 300 "$BARS"
	chart 400 200
	chart 300 300 "$DOTS"
} | page 'a blank chart' >"$W/blank.html"
{
	echo '<h1>Weekly report</h1>'
	chart 600 300 "$BARS"
	chart 400 200 "$LINE<text x=20 y=190 font-size=12>unquoted attributes</text>"
	chart 300 300 "$DOTS"
} | page 'not XML' >"$W/badxml.html"
sed 's/Daily volume &amp; trend/Daily volume\&nbsp;\&amp; trend/' "$W/good.html" >"$W/entity.html"
sed '/width="400"/s/ xmlns="[^"]*"//' "$W/good.html" >"$W/nons.html"
sed '/width="300" height="300"/s/ viewBox="[^"]*"//' "$W/good.html" >"$W/noviewbox.html"
{
	echo '<h1>Weekly report</h1>'
	chart 600 300 "$BARS"
	chart 300 300 "$DOTS"
} | page 'two charts' >"$W/two.html"
# A phone: the charts shrink to the width of the screen.  A scaled frame
# keeps its colour only when its line stays one device pixel wide
# (vector-effect) and is not clipped at the edge of the SVG (overflow).
{
	echo '<h1>Weekly report</h1><p>On a phone the charts are as wide as the screen.</p>'
	chart 600 300 "$BARS" 'vector-effect="non-scaling-stroke"'
	chart 400 200 "$LINE" 'vector-effect="non-scaling-stroke"'
	chart 300 300 "$DOTS" 'vector-effect="non-scaling-stroke"'
} | page 'phone' ' svg.tix-chart { max-width: 100%; height: auto; overflow: visible }' >"$W/phone.html"
{
	echo '<h1>A long page</h1><div style="height: 4000px">A long table.</div>'
	chart 400 200 "$LINE"
	echo '<p>The end.</p>'
} | page 'tall' >"$W/tall.html"
{
	echo '<h1>Asks for the network</h1>'
	echo '<link rel="stylesheet" href="https://fonts.googleapis.com/css?family=Roboto">'
	echo '<img src="http://192.0.2.1/logo.png" alt="">'
	chart 400 200 "$LINE"
} | page 'network' >"$W/net.html"

test_expect_success 'svg: every chart of the pages is well-formed XML in the SVG namespace' '
	check --svg-xml --expect 3 "$W/good.html" >out &&
	echo "svg: 3 elements, well-formed" >want &&
	test_cmp want out &&
	check --svg-xml "$W/blank.html" >out &&
	check --svg-xml --expect 2 "$W/two.html" >out &&
	check --svg-xml --expect 3 "$W/phone.html" >out &&
	test_must_fail --status 1 check --svg-xml --expect 3 "$W/two.html" >out 2>err &&
	echo "pngcheck: $W/two.html: expected 3 svg elements, found 2" >want &&
	test_cmp want err
'

test_expect_success 'svg: what HTML forgives and XML does not is caught, naming the chart' '
	test_must_fail --status 1 check --svg-xml "$W/badxml.html" >out 2>err &&
	echo "pngcheck: $W/badxml.html: svg 2 (line 11) is not well-formed XML: not well-formed (invalid token) (file line 14)" >want &&
	test_cmp want err &&
	sed -n 14p "$W/badxml.html" | grep "<text x=20" &&
	test_must_fail --status 1 check --svg-xml "$W/entity.html" 2>err &&
	grep "svg 2 (line 12) is not well-formed XML: undefined entity (file line 15)" err &&
	test_must_fail --status 1 check --svg-xml "$W/nons.html" 2>err &&
	grep "svg 2 (line 12): root element is svg, not {http://www.w3.org/2000/svg}svg" err &&
	test_must_fail --status 1 check --svg-xml "$W/noviewbox.html" 2>err &&
	grep "svg 3 (line 17): a tix-chart without viewBox" err &&
	printf "<p>x</p><svg xmlns=\"http://www.w3.org/2000/svg\"><g>\n" >open.html &&
	test_must_fail --status 1 check --svg-xml open.html 2>err &&
	grep "never closed" err
'

test_expect_success 'svg: nested and self-closed svg elements count once each; XML is case-sensitive' '
	{
		echo "<svg xmlns=\"http://www.w3.org/2000/svg\"><svg x=\"1\"><rect/></svg></svg>"
		echo "<svg xmlns=\"http://www.w3.org/2000/svg\"/>"
		echo "<p>svg text is not an element</p>"
	} >n.html &&
	check --svg-xml --expect 2 n.html &&
	echo "<SVG xmlns=\"http://www.w3.org/2000/svg\"></SVG>" >>n.html &&
	test_must_fail --status 1 check --svg-xml n.html 2>err &&
	grep "svg 3 (line 4): root element is {http://www.w3.org/2000/svg}SVG" err
'

# --- render.sh, without the browser ---------------------------------------

test_expect_success 'render.sh: usage errors, a missing browser, a browser that hangs' '
	test_must_fail --status 2 sh "$B/render.sh" "$W/good.html" 2>err &&
	grep "^usage:" err &&
	test_must_fail --status 2 sh "$B/render.sh" "$W/good.html" x.png wide 2>err &&
	test_must_fail --status 2 sh "$B/render.sh" --bogus "$W/good.html" x.png 2>err &&
	test_must_fail --status 3 sh "$B/render.sh" nothere.html x.png 2>err &&
	grep "nothere.html: no such file" err &&
	CHROMIUM=/nonexistent/chromium test_must_fail --status 3 sh "$B/render.sh" "$W/good.html" x.png 2>err &&
	grep "not installed" err &&
	printf "#!/bin/sh\nexec sleep 60\n" >hang && chmod +x hang &&
	start=$(date +%s) &&
	CHROMIUM=$PWD/hang TIX_RENDER_TIMEOUT=2 test_must_fail --status 3 sh "$B/render.sh" "$W/good.html" x.png 2>err &&
	test $(($(date +%s) - start)) -lt 20 &&
	grep "timed out after 2 s" err &&
	printf "#!/bin/sh\necho noise >&2\nexit 1\n" >broken && chmod +x broken &&
	CHROMIUM=$PWD/broken test_must_fail --status 3 sh "$B/render.sh" "$W/good.html" x.png 2>err &&
	grep "measuring the page.s height failed" err &&
	grep "^    noise" err &&
	test ! -e x.png
'

# --- with Chromium ---------------------------------------------------------

browser_case 'three good charts: found, the right size, none blank; quiet' '
	render "$W/good.html" good.png >out 2>err &&
	test_cmp /dev/null out &&
	test_cmp /dev/null err &&
	check --info good.png | grep "^1280x[0-9]* RGB," &&
	check --expect 3 good.png >out &&
	sed -E "s/: [0-9]+,[0-9]+ /: /; s/, [0-9.]+% drawn//" out >sizes &&
	printf "chart 1: 600x300\nchart 2: 400x200\nchart 3: 300x300\n" >want &&
	test_cmp want sizes
'

browser_case 'a blank chart (its frame only) fails, naming it' '
	render "$W/blank.html" blank.png &&
	test_must_fail --status 1 check --expect 3 blank.png >out 2>err &&
	grep "^chart 2: [0-9]*,[0-9]* 400x200, 0.00% drawn" out &&
	echo "pngcheck: blank.png: chart 2 is blank: 0.00% drawn, 0.50% needed" >want &&
	test_cmp want err
'

browser_case 'a chart that is not XML renders (HTML forgives it): only the XML check fails' '
	render "$W/badxml.html" bad.png &&
	check --expect 3 bad.png >out &&
	test_must_fail --status 1 check --svg-xml --expect 3 "$W/badxml.html" >out 2>err &&
	grep "svg 2 (line 11) is not well-formed XML" err
'

browser_case 'two charts where three are expected fail' '
	render "$W/two.html" two.png &&
	test_must_fail --status 1 check --expect 3 two.png >out 2>err &&
	test $(wc -l <out) -eq 2 &&
	echo "pngcheck: two.png: expected 3 charts, found 2" >want &&
	test_cmp want err
'

browser_case 'phone width (390 px): the shrunk charts are found and drawn' '
	render "$W/phone.html" phone.png 390 &&
	check --info phone.png | grep "^390x" &&
	check --expect 3 phone.png >out &&
	sed -E "s/^chart [0-9]: ([0-9]+),[0-9]+ ([0-9]+)x([0-9]+),.*/\1 \2 \3/" out >boxes &&
	while read -r x w h; do
		test $((x + w)) -le 390 && test "$w" -lt 390 && test "$w" -ge 300 ||
			{ echo "frame at $x, $w wide, does not fit the screen"; return 1; }
	done <boxes
'

browser_case 'the whole page is rendered: a chart below 4000 px of text is found' '
	render "$W/tall.html" tall.png 800 &&
	check --expect 1 tall.png >out &&
	grep -E "^chart 1: [0-9]+,4[0-9]{3} 400x200," out &&
	check --info tall.png | grep -E "^800x4[0-9]{3} "
'

browser_case 'a page that asks for the network renders without it, quickly' '
	start=$(date +%s) &&
	render "$W/net.html" net.png &&
	test $(($(date +%s) - start)) -lt 60 &&
	check --expect 1 net.png
'

# canvas_page PNG: a page that decodes PNG (a data: URL, so the canvas is
# not tainted) onto a white canvas and writes its pixels as hex, one row
# per line, into <pre id="hex">
canvas_page() {
	printf '<!DOCTYPE html>\n<html><body><img id="img" src="data:image/png;base64,'
	base64 <"$1" | tr -d '\n'
	cat <<-\EOF
	"><pre id="hex"></pre>
	<script>
	window.addEventListener("load", function () {
		var img = document.getElementById("img"), c = document.createElement("canvas");
		c.width = img.naturalWidth;
		c.height = img.naturalHeight;
		var g = c.getContext("2d");
		g.fillStyle = "#ffffff";
		g.fillRect(0, 0, c.width, c.height);
		g.drawImage(img, 0, 0);
		var d = g.getImageData(0, 0, c.width, c.height).data, hex = "0123456789abcdef", rows = [];
		for (var y = 0; y < c.height; y++) {
			var s = [];
			for (var x = 0; x < c.width; x++)
				for (var k = 0; k < 3; k++) {
					var v = d[4 * (y * c.width + x) + k];
					s.push(hex[v >> 4] + hex[v & 15]);
				}
			rows.push(s.join(""));
		}
		document.getElementById("hex").textContent = rows.join("\n");
	});
	</script></body></html>
	EOF
}

browser_case 'decoder: a Chromium screenshot (RGB) decodes to what Chromium decodes' '
	render "$W/good.html" shot.png 400 &&
	check --info shot.png | grep "^400x[0-9]* RGB, filters" &&
	check --ppm shot.png >shot.ppm &&
	canvas_page shot.png >canvas.html &&
	render --dom canvas.html dom &&
	sed -n "/<pre id=\"hex\">/,/<\/pre>/p" dom | sed "s/.*<pre id=\"hex\">//; s/<\/pre>.*//" >hex &&
	mkpng same shot.ppm hex 0
'

browser_case 'decoder: a Chromium screenshot with transparency (RGBA)' '
	cat >t.html <<-\EOF &&
	<!DOCTYPE html><html><head><style>html, body { margin: 0; background: transparent }</style></head><body>
	<div style="width: 50px; height: 30px; background: rgba(255, 0, 0, 0.5)"></div>
	<div style="width: 60px; height: 20px; background: #123456"></div>
	<svg xmlns="http://www.w3.org/2000/svg" width="100" height="100"><circle cx="50" cy="50" r="40" fill="#2a9d6f" fill-opacity="0.6"/></svg>
	</body></html>
	EOF
	render --transparent t.html t.png 300 &&
	check --info t.png | grep "^300x200 RGBA, filters" &&
	check --ppm t.png >t.ppm &&
	test "$(mkpng pixel t.ppm 10 10)" = ff7f7f &&
	test "$(mkpng pixel t.ppm 10 40)" = 123456 &&
	test "$(mkpng pixel t.ppm 200 100)" = ffffff &&
	canvas_page t.png >canvas.html &&
	render --dom canvas.html dom &&
	sed -n "/<pre id=\"hex\">/,/<\/pre>/p" dom | sed "s/.*<pre id=\"hex\">//; s/<\/pre>.*//" >hex &&
	mkpng same t.ppm hex 1
'

test_done
