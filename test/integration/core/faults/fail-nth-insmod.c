// SPDX-License-Identifier: GPL-2.0
/*
 * fail-nth-insmod - load a module with the Nth fault-injection point of the
 * load failing, in this task only (/proc/thread-self/fail-nth, see the
 * kernel's Documentation/fault-injection/fault-injection.rst).
 *
 * usage: fail-nth-insmod N MODULE.ko [PARAMS]
 *
 * Only the finit_module() system call's own allocations are counted: the
 * counter is armed right before it and read right after. Prints one line:
 *   loaded            N was past the last fault point: the load succeeded
 *   injected ERRNAME  the Nth point failed and the load failed with ERRNAME
 *   survived          the Nth point failed and the load still succeeded
 *                     (the kernel or the module recovered from it)
 * and exits 0, or 2 on a usage or I/O error. Built static: the test guest
 * has no C library.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

static int write_nth(int fd, unsigned long n)
{
	char buf[32];
	int len = snprintf(buf, sizeof(buf), "%lu", n);

	return pwrite(fd, buf, len, 0) == len ? 0 : -1;
}

static long read_nth(int fd)
{
	char buf[32];
	ssize_t len = pread(fd, buf, sizeof(buf) - 1, 0);

	if (len <= 0)
		return -1;
	buf[len] = 0;
	return strtol(buf, NULL, 10);
}

int main(int argc, char **argv)
{
	unsigned long n;
	int mod, nth, ret, err;
	long left;
	char *end;

	if (argc < 3 || argc > 4) {
		fprintf(stderr, "usage: fail-nth-insmod N MODULE.ko [PARAMS]\n");
		return 2;
	}
	n = strtoul(argv[1], &end, 10);
	if (*end || !n) {
		fprintf(stderr, "fail-nth-insmod: N must be a positive number, not '%s'\n", argv[1]);
		return 2;
	}
	mod = open(argv[2], O_RDONLY | O_CLOEXEC);
	if (mod < 0) {
		fprintf(stderr, "fail-nth-insmod: %s: %s\n", argv[2], strerror(errno));
		return 2;
	}
	nth = open("/proc/thread-self/fail-nth", O_RDWR | O_CLOEXEC);
	if (nth < 0) {
		fprintf(stderr, "fail-nth-insmod: /proc/thread-self/fail-nth: %s (CONFIG_FAULT_INJECTION?)\n",
			strerror(errno));
		return 2;
	}
	if (write_nth(nth, n)) {
		fprintf(stderr, "fail-nth-insmod: arming fail-nth: %s\n", strerror(errno));
		return 2;
	}
	ret = syscall(SYS_finit_module, mod, argc > 3 ? argv[3] : "", 0);
	err = errno;
	left = read_nth(nth);
	write_nth(nth, 0);
	if (left > 0) {
		/* fewer than N fault points: nothing was injected */
		if (ret)
			printf("failed %s (no fault injected)\n", strerrorname_np(err));
		else
			printf("loaded\n");
	} else if (ret) {
		printf("injected %s\n", strerrorname_np(err));
	} else {
		printf("survived\n");
	}
	return 0;
}
