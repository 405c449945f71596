/*
 * fuzz_hostfiles.c - libFuzzer harness for what the sudoers connector
 * reads of a host besides sudoers: its netgroup file and its sudo logs
 * (syslog lines, one-line JSON events, sudo's multi-line JSON log file).
 *
 *	make fuzz
 *	mkdir -p fuzz-out && tests/fuzz/fuzz_hostfiles -max_total_time=60 \
 *	    fuzz-out
 *
 * Each input is written to a file and read both ways; every netgroup it
 * defines is then asked for a user, a host and its users, which walks
 * its includes (cycles and diamonds of includes must end). A crash, a
 * leak, undefined behaviour or a hang is a bug.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "sync/sudoers_host.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void
count_user(const char *user, void *arg)
{
	(void)user;
	(*(size_t *)arg)++;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static char path[64];
	struct host_db h = { 0 };
	struct err e = ERR_INIT;
	size_t i, n = 0;
	FILE *fp;
	int fd;

	if (path[0] == '\0') {
		snprintf(path, sizeof(path), "/tmp/parc-fuzz-host-XXXXXX");
		if ((fd = mkstemp(path)) < 0)
			abort();
		close(fd);
	}
	if ((fp = fopen(path, "w")) == NULL)
		abort();
	if (size > 0 && fwrite(data, 1, size, fp) != size)
		abort();
	fclose(fp);
	(void)host_read_netgroup(&h, path, &e);
	for (i = 0; i < h.nnetgroups; i++) {
		(void)host_in_netgroup(&h, h.netgroups[i].name, "alice");
		(void)host_in_netgroup(&h, h.netgroups[i].name, NULL);
		(void)host_netgroup_has_host(&h, h.netgroups[i].name, "web01");
		host_netgroup_users(&h, h.netgroups[i].name, count_user, &n);
	}
	(void)host_read_sudo_log(&h, path, &e);
	host_db_release(&h);
	return 0;
}
