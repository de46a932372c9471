#!/usr/bin/env python3
"""pngcheck.py - check the charts of a rendered tix report, and its SVG.

usage:
  pngcheck.py [--expect N] [--frame-color #RRGGBB] [--min-drawn PCT]
              [--min-size WxH] [--border-share F] PNG
      Find the chart frames in a screenshot of the report and check that
      none is blank.  A frame is a connected group (8-neighbours) of pixels
      of exactly the frame colour (default #b4c0cf) whose bounding box is at
      least --min-size (default 40x20) and whose pixels outline that box: at
      least --border-share (default 0.9) of the box's border pixels have the
      colour, and at most half of the pixels inside it.  A chart is blank
      when fewer than --min-drawn percent (default 0.5) of the pixels inside
      its frame line differ from white.  Prints `chart N: X,Y WxH, P% drawn`
      for each frame, top to bottom.  Exit 0 when the number of frames is N
      (at least 1 without --expect) and none is blank; else 1, saying on
      stderr which check failed.
  pngcheck.py --svg-xml [--expect N] HTML
      Every <svg>...</svg> element of the HTML file (the outermost ones)
      must be well-formed XML whose root is {http://www.w3.org/2000/svg}svg;
      one with class tix-chart must also have width, height and viewBox
      attributes.  Prints `svg: N elements, well-formed`.  Exit 1 naming the
      first element that fails (its number and line), or when the count is
      not N.
  pngcheck.py --ppm PNG
      Write the decoded image as a binary PPM (P6) on stdout: a check of the
      decoder.  RGBA images are composited onto white first.
  pngcheck.py --info PNG
      Print width, height, colour type and how many rows use each filter.

Only what Chromium writes is read: 8-bit RGB or RGBA (colour types 2 and
6), not interlaced, the five filter types.  Anything else is refused (exit
3) with a message saying what it is.  Python's standard library only.
Exit 2 for a usage error.
"""
import re
import struct
import sys
import xml.etree.ElementTree as ET
import zlib

PROG = "pngcheck"
SIG = b"\x89PNG\r\n\x1a\n"
SVG_NS = "{http://www.w3.org/2000/svg}svg"
COLOUR_TYPES = {0: "greyscale", 2: "RGB", 3: "palette", 4: "greyscale+alpha", 6: "RGBA"}


class Refused(Exception):
    """The file is not a PNG this decoder reads."""


class Image:
    """An 8-bit RGB image: rows is a list of `height` bytes of 3*width."""

    def __init__(self, width, height, rows, colour_type, filters):
        self.width = width
        self.height = height
        self.rows = rows
        self.colour_type = colour_type
        self.filters = filters  # rows per filter type, [0..4]


def _masks(n):
    lo = int.from_bytes(b"\x7f" * n, "big")
    return lo, lo ^ int.from_bytes(b"\xff" * n, "big")


def _add(x, y, lo, hi):
    """Bytewise x + y mod 256 of two n-byte big-endian integers."""
    return ((x & lo) + (y & lo)) ^ ((x ^ y) & hi)


def _unfilter_sub(raw, bpp, lo, hi):
    # recon[i] = raw[i] + recon[i - bpp]: a prefix sum with stride bpp,
    # done in log2(width) whole-row additions (Hillis-Steele scan).
    n = len(raw)
    s = int.from_bytes(raw, "big")
    d = bpp
    while d < n:
        s = _add(s, s >> (8 * d), lo, hi)
        d *= 2
    return s.to_bytes(n, "big")


def _unfilter_avg(raw, prev, bpp):
    cur = bytearray(raw)
    for i in range(bpp):
        cur[i] = (cur[i] + (prev[i] >> 1)) & 0xFF
    for i in range(bpp, len(cur)):
        cur[i] = (cur[i] + ((cur[i - bpp] + prev[i]) >> 1)) & 0xFF
    return bytes(cur)


def _unfilter_paeth(raw, prev, bpp):
    cur = bytearray(raw)
    n = len(cur)
    for i in range(bpp):  # a = c = 0: the predictor is b
        cur[i] = (cur[i] + prev[i]) & 0xFF
    i = bpp
    while i < n:
        r = raw[i]
        b = prev[i]
        c = prev[i - bpp]
        a = cur[i - bpp]
        if a == b == c:  # every predictor is the same (white areas)
            cur[i] = (r + a) & 0xFF
        else:
            p = a + b - c
            pa = abs(p - a)
            pb = abs(p - b)
            pc = abs(p - c)
            if pa <= pb and pa <= pc:
                cur[i] = (r + a) & 0xFF
            elif pb <= pc:
                cur[i] = (r + b) & 0xFF
            else:
                cur[i] = (r + c) & 0xFF
        i += 1
    return bytes(cur)


def _rgba_to_rgb(row):
    """Composite an RGBA row onto white."""
    rgb = bytearray(len(row) // 4 * 3)
    rgb[0::3] = row[0::4]
    rgb[1::3] = row[1::4]
    rgb[2::3] = row[2::4]
    alpha = row[3::4]
    if alpha.count(255) == len(alpha):
        return bytes(rgb)
    for p, a in enumerate(alpha):
        if a != 255:
            for k in range(3 * p, 3 * p + 3):
                rgb[k] = (rgb[k] * a + 255 * (255 - a) + 127) // 255
    return bytes(rgb)


def read_png(path):
    """Decode PATH into an Image, or raise Refused / OSError."""
    with open(path, "rb") as f:
        data = f.read()
    if data[:8] != SIG:
        raise Refused("not a PNG file (bad signature)")
    pos = 8
    ihdr = None
    idat = []
    seen_iend = False
    while pos < len(data):
        if pos + 8 > len(data):
            raise Refused("truncated chunk header at byte %d" % pos)
        length, ctype = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + length]
        if len(body) != length or pos + 12 + length > len(data):
            raise Refused("truncated %s chunk at byte %d" % (ctype.decode("latin-1"), pos))
        crc, = struct.unpack(">I", data[pos + 8 + length:pos + 12 + length])
        if zlib.crc32(ctype + body) & 0xFFFFFFFF != crc:
            raise Refused("bad CRC in %s chunk at byte %d" % (ctype.decode("latin-1"), pos))
        if ctype == b"IHDR":
            if length != 13:
                raise Refused("IHDR chunk of %d bytes, not 13" % length)
            ihdr = struct.unpack(">IIBBBBB", body)
        elif ctype == b"IDAT":
            idat.append(body)
        elif ctype == b"IEND":
            seen_iend = True
            break
        elif not ctype[0] & 0x20:  # an unknown critical chunk (PLTE is for palettes)
            raise Refused("unsupported critical chunk %s" % ctype.decode("latin-1"))
        pos += 12 + length
    if ihdr is None:
        raise Refused("no IHDR chunk")
    if not seen_iend:
        raise Refused("no IEND chunk (truncated file?)")
    width, height, depth, ctype, comp, filt, interlace = ihdr
    if ctype not in (2, 6):
        raise Refused("colour type %d (%s): only 8-bit RGB and RGBA are read"
                      % (ctype, COLOUR_TYPES.get(ctype, "invalid")))
    if depth != 8:
        raise Refused("bit depth %d: only 8-bit RGB and RGBA are read" % depth)
    if comp != 0 or filt != 0:
        raise Refused("compression method %d, filter method %d: unknown" % (comp, filt))
    if interlace != 0:
        raise Refused("interlaced (Adam7): only non-interlaced images are read")
    if width == 0 or height == 0:
        raise Refused("empty image (%dx%d)" % (width, height))
    try:
        raw = zlib.decompress(b"".join(idat))
    except zlib.error as e:
        raise Refused("image data does not decompress: %s" % e)
    bpp = 3 if ctype == 2 else 4
    stride = width * bpp
    if len(raw) != height * (stride + 1):
        raise Refused("image data is %d bytes, %dx%d %s needs %d"
                      % (len(raw), width, height, COLOUR_TYPES[ctype], height * (stride + 1)))
    lo, hi = _masks(stride)
    prev = bytes(stride)
    previ = 0
    rows = []
    filters = [0] * 5
    for y in range(height):
        start = y * (stride + 1)
        ft = raw[start]
        line = raw[start + 1:start + 1 + stride]
        if ft == 0:
            cur = line
        elif ft == 1:
            cur = _unfilter_sub(line, bpp, lo, hi)
        elif ft == 2:
            cur = _add(int.from_bytes(line, "big"), previ, lo, hi).to_bytes(stride, "big")
        elif ft == 3:
            cur = _unfilter_avg(line, prev, bpp)
        elif ft == 4:
            cur = _unfilter_paeth(line, prev, bpp)
        else:
            raise Refused("row %d: filter type %d (0 to 4 exist)" % (y, ft))
        filters[ft] += 1
        prev = cur
        previ = int.from_bytes(cur, "big")
        rows.append(cur if bpp == 3 else _rgba_to_rgb(cur))
    return Image(width, height, rows, ctype, filters)


def parse_colour(s):
    m = re.fullmatch(r"#?([0-9a-fA-F]{6})", s)
    if not m:
        raise ValueError("colour %r is not #RRGGBB" % s)
    return bytes.fromhex(m.group(1))


def colour_pixels(img, colour):
    """The set of (x, y) whose pixel is exactly colour (3 bytes)."""
    found = set()
    for y, row in enumerate(img.rows):
        i = row.find(colour)
        while i >= 0:
            if i % 3 == 0:
                found.add((i // 3, y))
                i = row.find(colour, i + 3)
            else:
                i = row.find(colour, i + 1)
    return found


def components(pixels):
    """Connected groups (8-neighbours) of a set of (x, y)."""
    left = set(pixels)
    groups = []
    while left:
        seed = left.pop()
        group = [seed]
        stack = [seed]
        while stack:
            x, y = stack.pop()
            for dy in (-1, 0, 1):
                for dx in (-1, 0, 1):
                    q = (x + dx, y + dy)
                    if q in left:
                        left.remove(q)
                        group.append(q)
                        stack.append(q)
        groups.append(group)
    return groups


def find_frames(img, colour, min_w, min_h, border_share):
    """Chart frames as (x, y, w, h), top to bottom, left to right."""
    pixels = colour_pixels(img, colour)
    frames = []
    for group in components(pixels):
        xs = [p[0] for p in group]
        ys = [p[1] for p in group]
        x0, x1, y0, y1 = min(xs), max(xs), min(ys), max(ys)
        w, h = x1 - x0 + 1, y1 - y0 + 1
        if w < min_w or h < min_h:
            continue
        gset = set(group)
        border = 0
        for x in range(x0, x1 + 1):
            border += ((x, y0) in gset) + ((x, y1) in gset)
        for y in range(y0 + 1, y1):
            border += ((x0, y) in gset) + ((x1, y) in gset)
        if border < border_share * (2 * w + 2 * h - 4):
            continue  # not a rectangle's outline
        if len(group) - border > 0.5 * (w - 2) * (h - 2):
            continue  # a filled box, not an outline
        frames.append((x0, y0, w, h))
    frames.sort(key=lambda f: (f[1], f[0]))
    return frames


def drawn_share(img, frame):
    """Share (0..1) of the pixels inside the frame line that are not white."""
    x, y, w, h = frame
    if w <= 2 or h <= 2:
        return 0.0
    white = b"\xff" * (3 * (w - 2))
    drawn = 0
    for row in img.rows[y + 1:y + h - 1]:
        inner = row[3 * (x + 1):3 * (x + w - 1)]
        if inner == white:
            continue
        for i in range(0, len(inner), 3):
            if inner[i:i + 3] != b"\xff\xff\xff":
                drawn += 1
    return drawn / ((w - 2) * (h - 2))


def svg_elements(text):
    """(number, line, source) of each outermost <svg ...>...</svg>."""
    tag = re.compile(r"<(/?)svg\b[^>]*?(/?)>", re.I)
    out = []
    depth = 0
    start = None
    for m in tag.finditer(text):
        closing, empty = m.group(1), m.group(2)
        if not closing:
            if depth == 0:
                start = m.start()
            if empty:
                if depth == 0:
                    out.append((start, m.end()))
            else:
                depth += 1
        elif depth > 0:
            depth -= 1
            if depth == 0:
                out.append((start, m.end()))
    result = [(n + 1, text.count("\n", 0, s) + 1, text[s:e]) for n, (s, e) in enumerate(out)]
    return result, depth


def check_svg_xml(path, expect):
    with open(path, encoding="utf-8") as f:
        text = f.read()
    elements, unclosed = svg_elements(text)
    for n, line, src in elements:
        where = "%s: svg %d (line %d)" % (path, n, line)
        try:
            root = ET.fromstring(src)
        except ET.ParseError as e:
            eline, col = e.position
            fail("%s is not well-formed XML: %s (file line %d)"
                 % (where, str(e).split(":")[0], line + eline - 1))
            return 1
        if root.tag != SVG_NS:
            fail("%s: root element is %s, not %s (no xmlns=\"http://www.w3.org/2000/svg\"?)"
                 % (where, root.tag, SVG_NS))
            return 1
        if "tix-chart" in root.get("class", "").split():
            missing = [a for a in ("width", "height", "viewBox") if root.get(a) is None]
            if missing:
                fail("%s: a tix-chart without %s" % (where, ", ".join(missing)))
                return 1
    if unclosed:
        fail("%s: an <svg> element is never closed" % path)
        return 1
    print("svg: %d elements, well-formed" % len(elements))
    if expect is not None and len(elements) != expect:
        fail("%s: expected %d svg elements, found %d" % (path, expect, len(elements)))
        return 1
    return 0


def check_png(path, expect, colour, min_w, min_h, min_drawn, border_share):
    img = read_png(path)
    frames = find_frames(img, colour, min_w, min_h, border_share)
    blank = []
    for n, frame in enumerate(frames, 1):
        share = drawn_share(img, frame)
        print("chart %d: %d,%d %dx%d, %.2f%% drawn" % ((n,) + frame + (100 * share,)))
        if share * 100 < min_drawn:
            blank.append((n, share))
    rc = 0
    if expect is not None and len(frames) != expect:
        fail("%s: expected %d charts, found %d" % (path, expect, len(frames)))
        rc = 1
    elif expect is None and not frames:
        fail("%s: no chart frames (colour #%s) found" % (path, colour.hex()))
        rc = 1
    for n, share in blank:
        fail("%s: chart %d is blank: %.2f%% drawn, %.2f%% needed" % (path, n, 100 * share, min_drawn))
        rc = 1
    return rc


def fail(msg):
    print("%s: %s" % (PROG, msg), file=sys.stderr)


def usage(msg):
    fail(msg)
    print("usage: pngcheck.py [--expect N] [--frame-color #RRGGBB] [--min-drawn PCT]\n"
          "                   [--min-size WxH] [--border-share F] PNG\n"
          "       pngcheck.py --svg-xml [--expect N] HTML\n"
          "       pngcheck.py --ppm PNG | --info PNG", file=sys.stderr)
    return 2


def main(argv):
    mode = "check"
    expect = None
    colour = parse_colour("#b4c0cf")
    min_w, min_h = 40, 20
    min_drawn = 0.5
    border_share = 0.9
    files = []
    args = list(argv)
    while args:
        a = args.pop(0)
        if a in ("--svg-xml", "--ppm", "--info"):
            mode = a[2:]
            continue
        if a in ("-h", "--help"):
            print(__doc__.strip())
            return 0
        if a == "--":
            files.extend(args)
            break
        if not a.startswith("--") or a == "-":
            files.append(a)
            continue
        name, eq, val = a.partition("=")
        if name not in ("--expect", "--frame-color", "--min-drawn", "--min-size", "--border-share"):
            return usage("unknown option %s" % a)
        if not eq:
            if not args:
                return usage("%s needs a value" % name)
            val = args.pop(0)
        try:
            if name == "--expect":
                expect = int(val)
                if expect < 0:
                    raise ValueError("a count below 0")
            elif name == "--frame-color":
                colour = parse_colour(val)
            elif name == "--min-drawn":
                min_drawn = float(val)
            elif name == "--min-size":
                m = re.fullmatch(r"(\d+)x(\d+)", val)
                if not m:
                    raise ValueError("not WxH")
                min_w, min_h = int(m.group(1)), int(m.group(2))
            elif name == "--border-share":
                border_share = float(val)
                if not 0 < border_share <= 1:
                    raise ValueError("not in (0, 1]")
        except ValueError as e:
            return usage("%s %s: %s" % (name, val, e))
    if len(files) != 1:
        return usage("one file expected, %d given" % len(files))
    path = files[0]
    try:
        if mode == "svg-xml":
            return check_svg_xml(path, expect)
        if mode == "ppm":
            img = read_png(path)
            out = sys.stdout.buffer
            out.write(b"P6\n%d %d\n255\n" % (img.width, img.height))
            for row in img.rows:
                out.write(row)
            return 0
        if mode == "info":
            img = read_png(path)
            print("%dx%d %s, filters %s" % (
                img.width, img.height, COLOUR_TYPES[img.colour_type],
                " ".join("%d:%d" % (t, c) for t, c in enumerate(img.filters))))
            return 0
        return check_png(path, expect, colour, min_w, min_h, min_drawn, border_share)
    except Refused as e:
        fail("%s: %s" % (path, e))
        return 3
    except (OSError, UnicodeDecodeError) as e:
        fail("%s: %s" % (path, e))
        return 3


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
