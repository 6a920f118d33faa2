// SPDX-License-Identifier: GPL-2.0
/*
 * Run itself again with argv == NULL: fs/exec.c warns once and gives the
 * new image an argv of one empty string, which ends the second run.
 */
#include <unistd.h>
#include <sys/syscall.h>

int main(int argc, char **argv)
{
	if (argc == 1 && argv[0][0] == '\0')
		return 0;
	return syscall(SYS_execve, "/proc/self/exe", NULL, NULL) ? 1 : 0;
}
