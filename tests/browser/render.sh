#!/bin/sh
# tests/browser/render.sh [--transparent] HTML PNG [WIDTH]
# tests/browser/render.sh --dom HTML OUT
#
# Render a page with headless Chromium into a PNG of the whole page, WIDTH
# (default 1280) CSS pixels wide, at scale factor 1.  --transparent leaves
# the page's own transparent background transparent, so the PNG is RGBA
# (else it is RGB).  --dom writes the page's DOM after it has loaded
# (--dump-dom; its window is never narrower than 500 pixels).
#
# Two runs of the browser: the first lays the page out in an iframe WIDTH
# pixels wide and prints its height (--dump-dom of a small measuring page:
# a --screenshot run cannot be asked for the page's height, and a
# --dump-dom run's own window has a minimum width); the second takes the
# screenshot with the window that high (at least 200 pixels: Chromium 156
# paints only the top HEIGHT-87 rows of a window less than about 145 high;
# at most 30000).  Each run is in a fresh profile in a temporary directory,
# with no network (host names resolve to nothing and the proxy is a closed
# port), and is killed after 120 s ($TIX_RENDER_TIMEOUT to change).
# Chromium's chatter on stderr goes to a log that is shown only when
# something fails.
#
# The browser is $CHROMIUM, else chromium on PATH, else /usr/bin/chromium.
# The sandbox is off (--no-sandbox): it cannot run as root or in most
# containers, and the page is our own, local and offline.
# Exit 0 when the output was written; 3 when the browser is missing or
# failed (nothing is written then); 2 for a usage error.
me=render.sh
usage() {
	echo "usage: $me [--transparent] HTML PNG [WIDTH]" >&2
	echo "       $me --dom HTML OUT" >&2
	exit 2
}
mode=shot
case ${1:-} in
--dom) mode=dom; shift ;;
--transparent) mode=transparent; shift ;;
-*) usage ;;
esac
if [ $# -lt 2 ] || [ $# -gt 3 ] || { [ $mode = dom ] && [ $# -ne 2 ]; }; then
	usage
fi
html=$1 png=$2 width=${3:-1280}
case $width in
'' | *[!0-9]*)
	echo "$me: width '$width' is not a number of pixels" >&2
	exit 2
	;;
esac
if [ "$width" -lt 100 ] || [ "$width" -gt 10000 ]; then
	echo "$me: width $width is out of range (100 to 10000)" >&2
	exit 2
fi
if [ ! -f "$html" ] || [ ! -r "$html" ]; then
	echo "$me: $html: no such file" >&2
	exit 3
fi

limit=${TIX_RENDER_TIMEOUT:-120}
case $limit in
'' | *[!0-9]*)
	echo "$me: TIX_RENDER_TIMEOUT '$limit' is not a number of seconds" >&2
	exit 2
	;;
esac
chromium=${CHROMIUM:-}
if [ -z "$chromium" ]; then
	chromium=$(command -v chromium 2>/dev/null) || chromium=/usr/bin/chromium
fi
if [ ! -x "$chromium" ] && ! command -v "$chromium" >/dev/null 2>&1; then
	echo "$me: $chromium: not installed (sh scripts/install-deps installs Debian's chromium)" >&2
	exit 3
fi

tmp=$(mktemp -d "${TMPDIR:-/tmp}/tix-render.XXXXXX") || exit 3
trap 'rm -rf "$tmp"' EXIT
trap 'exit 3' HUP INT TERM
log="$tmp/chromium.log"
: >"$log"

# file_url PATH: its file:// URL, absolute, with the characters that mean
# something in a URL or an HTML attribute percent-encoded
file_url() {
	case $1 in
	/*) set -- "$1" ;;
	*) set -- "$(pwd)/$1" ;;
	esac
	printf 'file://%s' "$(printf '%s' "$1" | sed -e 's/%/%25/g' -e 's/ /%20/g' \
		-e 's/"/%22/g' -e 's/#/%23/g' -e 's/&/%26/g' -e "s/'/%27/g" -e 's/</%3C/g' \
		-e 's/>/%3E/g' -e 's/?/%3F/g')"
}
url=$(file_url "$html")

# A private home, so nothing is read from or written to the user's.
mkdir -p "$tmp/home"
HOME=$tmp/home XDG_CONFIG_HOME=$tmp/home/.config XDG_CACHE_HOME=$tmp/home/.cache
DBUS_SESSION_BUS_ADDRESS=disabled:
export HOME XDG_CONFIG_HOME XDG_CACHE_HOME DBUS_SESSION_BUS_ADDRESS

fail() {
	echo "$me: $html: $1" >&2
	echo "$me: the browser's log:" >&2
	grep -v -e ':dbus/' -e 'unexpected operator' "$log" | tail -n 40 | sed 's/^/    /' >&2
	exit 3
}

# run_chromium PROFILE ARGS... - one headless run, its stderr in the log.
run_chromium() {
	profile=$tmp/$1
	shift
	set -- --headless --no-sandbox --disable-gpu --disable-dev-shm-usage \
		--hide-scrollbars --force-device-scale-factor=1 --user-data-dir="$profile" \
		--no-first-run --no-default-browser-check --disable-extensions \
		--disable-background-networking --disable-component-update --disable-sync \
		--disable-default-apps --disable-domain-reliability \
		--host-resolver-rules='MAP * ~NOTFOUND' --proxy-server=127.0.0.1:9 "$@"
	echo "+ $chromium $*" >>"$log"
	timeout -k 10 "$limit" "$chromium" "$@" 2>>"$log"
	rc=$?
	echo "+ exit $rc" >>"$log"
	if [ $rc -eq 124 ] || [ $rc -eq 137 ]; then echo "$me: timed out after $limit s" >>"$log"; fi
	return $rc
}

if [ $mode = dom ]; then
	run_chromium dom --window-size=1280,800 --dump-dom "$url" >"$tmp/dom" ||
		fail "--dump-dom failed"
	[ -s "$tmp/dom" ] || fail "the browser wrote no DOM"
	mv "$tmp/dom" "$png" 2>>"$log" || fail "could not write $png"
	exit 0
fi

cat >"$tmp/measure.html" <<EOF
<!DOCTYPE html>
<html><head><meta charset="utf-8">
<style>html, body { margin: 0 } iframe { border: 0; display: block }</style>
</head><body>
<iframe id="page" src="$url" style="width: ${width}px; height: 200px"></iframe>
<script>
window.addEventListener("load", function () {
	var d = document.getElementById("page").contentDocument;
	var e = d && d.documentElement, b = d && d.body;
	var h = e ? Math.max(e.scrollHeight, e.getBoundingClientRect().height,
		b ? b.scrollHeight : 0) : -1;
	document.documentElement.setAttribute("data-tix-height", Math.ceil(h));
});
</script>
</body></html>
EOF

run_chromium measure --allow-file-access-from-files --window-size="$width",800 \
	--dump-dom "$(file_url "$tmp/measure.html")" >"$tmp/dom" ||
	fail "measuring the page's height failed"
height=$(sed -n 's/.*data-tix-height="\([0-9]*\)".*/\1/p' "$tmp/dom" | head -n 1)
[ -n "$height" ] || fail "could not measure the page's height (no data-tix-height in the DOM dump)"
[ "$height" -lt 200 ] && height=200
if [ "$height" -gt 30000 ]; then
	echo "$me: $html: the page is $height pixels high; only the first 30000 are rendered" >&2
	height=30000
fi

bg=
[ $mode = transparent ] && bg=--default-background-color=00000000
# shellcheck disable=SC2086
run_chromium shot $bg --window-size="$width,$height" --screenshot="$tmp/shot.png" "$url" \
	>>"$log" || fail "the screenshot failed"
[ -s "$tmp/shot.png" ] || fail "the browser wrote no screenshot"
[ "$(head -c 4 "$tmp/shot.png" | od -An -c | tr -d ' ')" = "211PNG" ] ||
	fail "the screenshot is not a PNG"
mv "$tmp/shot.png" "$png" 2>>"$log" || fail "could not write $png"
exit 0
