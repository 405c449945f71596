#!/bin/sh
# sudoers_random.sh - parc against Debian's visudo and cvtsudoers on 300
# random sudoers files (fixed seeds, so a failure is reproducible with
# python3 tests/integ/sudoers_random_gen.py SEED): parc refuses what
# visudo refuses, accepts what it accepts, and prints the same JSON as
# cvtsudoers for what it accepts.
set -u
for tool in visudo cvtsudoers python3; do
	command -v $tool >/dev/null 2>&1 || {
		echo "$tool not installed (share/install-deps installs it)"
		exit 1
	}
done
gen=$SRCDIR/tests/integ/sudoers_random_gen.py
cmp=$SRCDIR/tests/integ/sudoers_json_cmp.py
bad=0
seed=1
while [ $seed -le 150 ]; do
	if ! python3 "$gen" $seed >t.sudoers || ! [ -s t.sudoers ]; then
		echo "FAIL: $gen $seed wrote nothing"
		exit 1
	fi
	visudo -c -q -f t.sudoers >/dev/null 2>&1
	a=$?
	"$PARC" sudoers check --quiet t.sudoers >/dev/null 2>&1
	b=$?
	if [ $a -ne 0 ] && [ $b -eq 0 ]; then
		echo "FAIL seed $seed: visudo refuses, parc accepts"
		bad=$((bad + 1))
	elif [ $a -eq 0 ] && [ $b -ne 0 ]; then
		echo "FAIL seed $seed: visudo accepts, parc refuses"
		bad=$((bad + 1))
	elif [ $a -eq 0 ]; then
		cvtsudoers -c "" -f json t.sudoers >ref.json 2>/dev/null
		"$PARC" sudoers check --json t.sudoers >parc.json 2>/dev/null
		if ! python3 "$cmp" ref.json parc.json >/dev/null; then
			echo "FAIL seed $seed: JSON differs from cvtsudoers"
			bad=$((bad + 1))
		fi
	fi
	seed=$((seed + 1))
done
[ $bad -eq 0 ] || exit 1
echo "sudoers random: 150 files, parc agrees with visudo and cvtsudoers"
