#!/bin/sh
# tests/checksrc.sh - the source rules a compiler does not check (after
# curl's checksrc). `make checksrc` runs it; .ci/run too.
#
#   sh tests/checksrc.sh [SRCDIR]
#
# Over every .c and .h file of lib/ db/ sync/ reports/ tui/ tests/:
#
#   banned     sprintf, vsprintf, strcpy, strcat, strtok, strncpy, gets:
#              snprintf, struct sb (lib/sb.h) and strtok_r say how much
#              room there is, or need none
#   includes   each block of #include lines (a blank line ends one) sorted:
#              <system> before "project", each group in C order, <cmocka.h>
#              after the system headers it needs; and no <system> header
#              after a "project" one
#   layers     the data flows lib -> db -> sync -> reports -> tui, so a
#              folder includes only the folders upstream of it (and
#              itself): lib: lib; db: lib db; sync: lib db sync; reports:
#              lib db sync reports; tui/demo: lib tui/demo; tui/console:
#              lib db reports tui/console; tui/cli: all of those, but of
#              tui/console only console.h (the console's one entry point)
#              and of tui/demo only demo.h; tests/ anything
#   libraries  <sqlite3.h> only in db/; <curses.h>/<ncurses.h>/<term.h>
#              only in tui/console/; <ldap.h>, <lber.h>, <curl/curl.h>
#              only in sync/; <cairo*.h>, <pango/*> only in reports/ --
#              except the files of the allowlist below, each with why
#   big files  a file outside tests/ of more than 1,000 lines says why in
#              its opening comment, in words containing "1,000 lines"
#
# Prints FILE:LINE: what is wrong, one a line; exits 1 when anything is.

srcdir=${1:-$(cd "$(dirname "$0")/.." && pwd)}
cd "$srcdir" || exit 2

# Files allowed a library header outside its folder: FILE HEADER WHY.
allowlist='
tests/unit/test_adc.c sqlite3.h reads the tables a sync wrote, column by column, to compare two syncs
tests/fuzz/fuzz_adc_stream.c sqlite3.h dumps the tables two syncs wrote, to prove them equal
tests/unit/test_aws.c sqlite3.h reads the rows an AWS sync wrote, to compare them with the expected ones
'

files=$(find lib db sync reports tui tests -name '*.[ch]' -type f 2>/dev/null |
    LC_ALL=C sort)
[ -n "$files" ] || { echo "checksrc: no source files under $srcdir" >&2; exit 2; }

# shellcheck disable=SC2086
LC_ALL=C awk -v allowlist="$allowlist" '
function problem(msg) {
	printf "%s:%d: %s\n", FILENAME, FNR, msg
	bad = 1
}

# The folder a path is in, as the rules name them.
function room(p) {
	if (p ~ /^tui\/[a-z]+\//) {
		sub(/\/[^\/]*$/, "", p)
		return p
	}
	sub(/\/.*/, "", p)
	return p
}

function allowed(file, header,    n, i, f) {
	n = split(allowlist, al, "\n")
	for (i = 1; i <= n; i++) {
		split(al[i], f, " ")
		if (f[1] == file && f[2] == header)
			return 1
	}
	return 0
}

# Check the include block that just ended.
function end_block(    i, key, prev) {
	prev = ""
	for (i = 1; i <= nblock; i++) {
		key = blockkey[i]
		if (prev != "" && key < prev) {
			printf "%s:%d: #include %s out of order (sort the block: <system> first, then \"project\", each in C order)\n", \
			    blockfile, blockline[i], blockname[i]
			bad = 1
		}
		prev = key
	}
	nblock = 0
}

FNR == 1 {
	if (prevfile != "")
		finish()
	prevfile = FILENAME
	nblock = 0
	seen_project = 0
	in_opening = 1
	opening_reason = 0
	src_room = room(FILENAME)
	in_tests = FILENAME ~ /^tests\//
	in_comment = 0
}

{ lines[FILENAME] = FNR }

# The opening comment: from the first line while it is one comment.
in_opening {
	if (FNR == 1 && $0 !~ /^\/\*/)
		in_opening = 0
	else {
		if ($0 ~ /1,000 lines/)
			opening_reason = 1
		if ($0 ~ /\*\//)
			in_opening = 0
	}
}

# Banned calls, outside comments and string literals (roughly: text
# between /* and */ on one or more lines, and "..." on one line).
{
	line = $0
	if (in_comment && index(line, "*/") > 0) {
		line = substr(line, index(line, "*/") + 2)
		in_comment = 0
	}
	if (!in_comment) {
		gsub(/"([^"\\]|\\.)*"/, "\"\"", line)
		gsub(/\/\*([^*]|\*+[^*\/])*\*+\//, "", line)
		if (match(line, /\/\*/)) {
			line = substr(line, 1, RSTART - 1)
			in_comment = 1
		}
		sub(/\/\/.*/, "", line)
		if (match(line, /(^|[^A-Za-z0-9_])(v?sprintf|strcpy|strcat|strtok|strncpy|gets)[ \t]*\(/)) {
			call = substr(line, RSTART, RLENGTH)
			sub(/^[^A-Za-z0-9_]/, "", call)
			sub(/[ \t]*\($/, "", call)
			problem(call "() is banned (snprintf, struct sb, strtok_r)")
		}
	}
}

/^#[ \t]*include[ \t]*[<"]/ {
	name = $0
	sub(/^#[ \t]*include[ \t]*/, "", name)
	sub(/[ \t].*$/, "", name)
	inner = substr(name, 2, length(name) - 2)
	sys = substr(name, 1, 1) == "<"
	if (sys && seen_project)
		problem("#include " name " after a \"project\" header: system headers come first")
	if (!sys)
		seen_project = 1
	nblock++
	blockfile = FILENAME
	blockname[nblock] = name
	blockline[nblock] = FNR
	# sort key: system group 1 (cmocka.h 2, after the headers it needs),
	# project group 3
	if (sys)
		blockkey[nblock] = (inner == "cmocka.h" ? "2" : "1") inner
	else
		blockkey[nblock] = "3" inner

	if (sys) {
		lib = ""
		if (inner == "sqlite3.h")
			lib = "db"
		else if (inner == "curses.h" || inner == "ncurses.h" || inner == "term.h" || inner ~ /^ncursesw?\//)
			lib = "tui/console"
		else if (inner == "ldap.h" || inner == "lber.h" || inner ~ /^curl\//)
			lib = "sync"
		else if (inner ~ /^cairo/ || inner ~ /^pango\//)
			lib = "reports"
		if (lib != "" && src_room != lib && !allowed(FILENAME, inner))
			problem("<" inner "> outside " lib "/ (only " lib "/ talks to that library)")
	} else if (!in_tests) {
		to = room(inner)
		ok = 0
		if (to == src_room)
			ok = 1
		else if (src_room == "lib")
			ok = 0
		else if (src_room == "db")
			ok = to == "lib"
		else if (src_room == "sync")
			ok = to == "lib" || to == "db"
		else if (src_room == "reports")
			ok = to == "lib" || to == "db" || to == "sync"
		else if (src_room == "tui/demo")
			ok = to == "lib"
		else if (src_room == "tui/console")
			ok = to == "lib" || to == "db" || to == "reports"
		else if (src_room == "tui/cli")
			ok = to == "lib" || to == "db" || to == "sync" || \
			    to == "reports" || inner == "tui/console/console.h" || \
			    inner == "tui/demo/demo.h"
		if (!ok)
			problem("#include " name ": " src_room "/ may not include " to "/" \
			    (src_room == "tui/cli" && to ~ /^tui\// ? " (only its entry point " (to == "tui/console" ? "console.h" : "demo.h") ")" : " (the data flows lib -> db -> sync -> reports -> tui)"))
	}
	next
}

# Any other line ends an include block.
{
	if (nblock > 0)
		end_block()
}

function finish() {
	if (nblock > 0)
		end_block()
	if (!in_tests_file(prevfile) && lines[prevfile] > 1000 && !opening_reason) {
		printf "%s:1: %d lines, and the opening comment does not say why (\"... 1,000 lines ...\")\n", \
		    prevfile, lines[prevfile]
		bad = 1
	}
}

function in_tests_file(f) {
	return f ~ /^tests\//
}

END {
	if (prevfile != "")
		finish()
	exit bad
}
' $files
