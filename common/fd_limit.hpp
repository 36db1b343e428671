#pragma once
// The open-file limit: a server holding thousands of dashboard sockets (and the bench opening
// them) needs more descriptors than the usual soft limit of 1024.

namespace centralita {

/// Raises the soft RLIMIT_NOFILE to the hard limit; returns the soft limit now in force (-1
/// when it cannot be read).
long raise_fd_limit();

}  // namespace centralita
