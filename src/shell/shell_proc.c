/*
 * Liveness of the process that owns a live chat, read from /proc: with
 * SQLite every daemon of a host shares the database, so a chat whose owner
 * died is recognised by its process id (DESIGN.md 2).
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/types.h>

#include "shell.h"

int
shell_pid_alive(pid_t pid)
{
	char path[64], buf[512], *close_paren;
	FILE *fp;
	size_t n;

	if (pid <= 0 || (kill(pid, 0) < 0 && errno == ESRCH))
		return 0;
	snprintf(path, sizeof path, "/proc/%d/stat", (int)pid);
	if ((fp = fopen(path, "r")) == NULL)
		return 1;	/* no /proc: trust kill() */
	n = fread(buf, 1, sizeof buf - 1, fp);
	fclose(fp);
	buf[n] = '\0';
	/* "pid (comm) S ...": a zombie, or a reused pid of another program, is dead to us. */
	if ((close_paren = strrchr(buf, ')')) == NULL || close_paren[1] == '\0')
		return 1;
	if (close_paren[2] == 'Z' || close_paren[2] == 'X')
		return 0;
	return strstr(buf, "(infocigd)") != NULL;
}
