#!/bin/sh
# sudoers_oracle.sh - parc's sudoers parser against sudo's own tools.
#
# For every sudoers input of tests/data/sudoers (the sudo project's
# regression corpus and parc's own files):
#   - when Debian's visudo -c -f refuses the file, `parc sudoers check`
#     refuses it too (exit 1), naming the same FILE:LINE;
#   - when visudo accepts it, parc accepts it;
#   - when cvtsudoers -f json prints it, `parc sudoers check --json`
#     prints the same Defaults, aliases and rules (users, hosts, runas,
#     commands, digests, tags, options, negations), compared as JSON after
#     mending 1.9.13's invalid output (see sudoers_json_cmp.py).
# Deliberate differences are listed in `expect_differ` below with why.
set -u

data=$PARC_TEST_DATA/sudoers
cmp=$SRCDIR/tests/integ/sudoers_json_cmp.py

for tool in cvtsudoers visudo python3; do
	if ! command -v $tool >/dev/null 2>&1; then
		echo "$tool not installed (apt-get install sudo python3; share/install-deps does)"
		exit 1
	fi
done

# Files Debian 12's sudo 1.9.13 refuses and parc parses, on purpose; each
# has an expected output that parc must print instead.
expect_differ() {
	case $1 in
	corpus/test24.in)
		# CWD="/x" and CHROOT="/x": 1.9.13's lexer has no quoted string
		# after CWD=/CHROOT= (a syntax error); sudo 1.9.14 added it, and
		# upstream's test24.json.ok is that parse.
		echo "$data/corpus/test24.json.ok" ;;
	parc/apparmor.in)
		# APPARMOR_PROFILE=: Debian builds sudo without AppArmor, so the
		# word is an alias name there and the rule a syntax error; sudo
		# with AppArmor (and parc) read the option.
		echo "$data/parc/apparmor.json.ok" ;;
	corpus/test31.in)
		# Refused by both, at different lines: 1.9.13 stops at line 5's
		# APPARMOR_PROFILE (above), parc at line 7's PRIVS= (Solaris
		# privileges, which no Linux sudo reads).
		echo refused ;;
	*) return 1 ;;
	esac
}

fail=0 n=0
cd "$data" || exit 1
for f in corpus/test*.in corpus/cvtsudoers/sudoers* corpus/cvtsudoers/test*.in parc/*.in; do
	n=$((n + 1))
	out=$TMPDIR/$(echo "$f" | tr / _)
	visudo -c -f "$f" >"$out.visudo" 2>&1
	v=$?
	cvtsudoers -c "" -f json "$f" >"$out.ref" 2>/dev/null
	"$PARC" sudoers check "$f" >"$out.check" 2>&1
	s=$?
	"$PARC" sudoers check --json "$f" >"$out.parc" 2>"$out.err"
	j=$?

	if want=$(expect_differ "$f"); then
		if [ $v -eq 0 ]; then
			echo "FAIL $f: listed as refused by visudo, but visudo accepts it now"
			fail=1
		fi
		if [ "$want" = refused ]; then
			if [ $s -ne 1 ]; then
				echo "FAIL $f: parc does not refuse it"
				fail=1
			fi
			continue
		fi
		if [ $s -ne 0 ] || ! python3 "$cmp" "$want" "$out.parc" >"$out.diff"; then
			echo "FAIL $f: parc does not print $(basename "$want")"
			cat "$out.check" "$out.diff"
			fail=1
		fi
		continue
	fi

	if [ $v -ne 0 ]; then
		if [ $s -ne 1 ]; then
			echo "FAIL $f: visudo refuses it, parc exits $s"
			cat "$out.visudo"
			fail=1
			continue
		fi
		# The same file and line as visudo's first error.
		vl=$(sed -n 's/^\([^:]*:[0-9][0-9]*\):[0-9][0-9]*: .*/\1/p' "$out.visudo" | head -1)
		pl=$(sed -n 's/^parc: \([^:]*:[0-9][0-9]*\):[0-9][0-9]*: .*/\1/p' "$out.check" | head -1)
		if [ -z "$pl" ]; then
			echo "FAIL $f: parc's error has no FILE:LINE:COLUMN:"
			cat "$out.check"
			fail=1
		elif [ -n "$vl" ] && [ "$vl" != "$pl" ]; then
			echo "FAIL $f: visudo says $vl, parc says $pl"
			cat "$out.visudo" "$out.check"
			fail=1
		fi
	elif [ $s -ne 0 ]; then
		echo "FAIL $f: visudo accepts it, parc refuses it"
		cat "$out.check"
		fail=1
		continue
	fi

	if [ -s "$out.ref" ]; then
		if [ $j -ne 0 ] || ! python3 "$cmp" "$out.ref" "$out.parc" >"$out.diff"; then
			echo "FAIL $f: parc's JSON differs from cvtsudoers -f json (exit $j)"
			cat "$out.err" "$out.diff"
			fail=1
		fi
	elif [ -s "$out.parc" ]; then
		echo "FAIL $f: cvtsudoers prints nothing, parc prints JSON"
		fail=1
	fi
done

# The comparison itself must be able to fail: a changed rule is caught.
sed 's/NOPASSWD/PASSWD/' parc/rules.in >"$TMPDIR/changed.in"
"$PARC" sudoers check --json "$TMPDIR/changed.in" >"$TMPDIR/changed.json"
cvtsudoers -c "" -f json parc/rules.in >"$TMPDIR/orig.json" 2>/dev/null
if python3 "$cmp" "$TMPDIR/orig.json" "$TMPDIR/changed.json" >/dev/null; then
	echo "FAIL: the JSON comparison did not notice NOPASSWD turned to PASSWD"
	fail=1
fi

[ $fail -eq 0 ] && echo "sudoers oracle: $n files agree with visudo and cvtsudoers"
exit $fail
