// Fails the FAULT_AT-th recvmsg() of a process with errno FAULT_ERRNO (default ENOBUFS):
// an LD_PRELOAD shim for record-socket-faults.sh.
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <stdlib.h>
#include <sys/socket.h>
static int calls;
ssize_t recvmsg(int fd, struct msghdr *msg, int flags) {
  static ssize_t (*real)(int, struct msghdr *, int);
  if (!real) real = dlsym(RTLD_NEXT, "recvmsg");
  const char *at = getenv("FAULT_AT");
  const char *err = getenv("FAULT_ERRNO");
  if (at && ++calls == atoi(at)) { errno = err ? atoi(err) : ENOBUFS; return -1; }
  return real(fd, msg, flags);
}
