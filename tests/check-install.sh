#!/bin/sh
# tests/check-install.sh - what make install put in a scratch DESTDIR is
# what a user installs: `make check-install` runs it.
#
#   sh tests/check-install.sh DESTDIR BINDIR DATADIR SRCDIR BUILDDIR
#
# BINDIR and DATADIR ($(datadir)/parc) as configured, SRCDIR and BUILDDIR
# absolute. Checks that
#   - the installed parc holds neither SRCDIR nor BUILDDIR (no build-tree
#     path: it could not run from another machine's copy, and it tells
#     nothing of the build machine), in its strings or debug information;
#   - the data is all there (the catalogs, the schema, the demo's tables);
#   - the installed parc, pointed at the installed data with PARC_SHARE,
#     builds the same demo organisation as tests/data/demo/ records.
# Prints what is wrong and exits 1; exits 2 on bad arguments.
set -u

[ $# -eq 5 ] || {
	echo "usage: sh tests/check-install.sh DESTDIR BINDIR DATADIR SRCDIR BUILDDIR" >&2
	exit 2
}
dest=$1 bindir=$2 datadir=$3 srcdir=$4 builddir=$5
parc=$dest$bindir/parc
share=$dest$datadir
fails=0

fail() {
	echo "check-install: FAIL: $*"
	fails=$((fails + 1))
}

command -v strings >/dev/null || {
	echo "check-install: strings is missing (apt-get install binutils)" >&2
	exit 2
}
[ -x "$parc" ] || { fail "no executable $parc"; exit 1; }

for tree in "$srcdir" "$builddir"; do
	n=$(strings -a "$parc" | grep -cF "$tree")
	[ "$n" -eq 0 ] ||
		fail "$parc holds $n strings with $tree, e.g. $(strings -a "$parc" | grep -F "$tree" | head -n 1)"
done

for f in catalog/ad.tsv catalog/sudo.tsv schema/report-v1.json \
    demo/cultures.tsv demo/first-names.tsv demo/surnames.tsv \
    demo/departments.tsv demo/titles.tsv; do
	[ -f "$share/$f" ] || fail "$share/$f was not installed"
done
[ ! -e "$share/install-deps" ] || fail "share/install-deps was installed"

tmp=$(mktemp -d "${TMPDIR:-/tmp}/parc-check-install.XXXXXX") || exit 2
trap 'rm -rf "$tmp"' EXIT
if HOME=$tmp PARC_SHARE=$share "$parc" --db "$tmp/demo.db" demo \
    --no-console --people 30 --dir "$tmp/demo" >"$tmp/out" 2>&1; then
	(cd "$tmp/demo" && find . -type f | LC_ALL=C sort | xargs sha256sum) \
	    >"$tmp/got"
	diff "$srcdir/tests/data/demo/people-30.sha256" "$tmp/got" ||
		fail "the installed parc builds another demo organisation"
else
	fail "the installed parc demo failed: $(cat "$tmp/out")"
fi

[ $fails -eq 0 ] || exit 1
echo "check-install: $parc holds no path of $srcdir or $builddir; data complete; demo as recorded"
