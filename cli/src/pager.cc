#include "newsdex/cli/pager.h"

#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <string>

namespace newsdex {

Pager::~Pager() { Finish(); }

void Pager::Start() {
  if (pid_ != -1 || !::isatty(STDOUT_FILENO)) return;
  const char* env = std::getenv("PAGER");
  std::string command = env ? env : "less -FRX";
  if (command.empty() || command == "cat") return;
  int fds[2];
  if (::pipe(fds) != 0) return;
  std::cout.flush();
  std::fflush(stdout);
  pid_t pid = ::fork();
  if (pid < 0) {
    ::close(fds[0]);
    ::close(fds[1]);
    return;
  }
  if (pid == 0) {
    ::dup2(fds[0], STDIN_FILENO);
    ::close(fds[0]);
    ::close(fds[1]);
    ::execl("/bin/sh", "sh", "-c", command.c_str(), static_cast<char*>(nullptr));
    ::_exit(127);
  }
  ::dup2(fds[1], STDOUT_FILENO);
  ::close(fds[0]);
  ::close(fds[1]);
  // Quitting the pager early must not kill us with SIGPIPE mid-write.
  std::signal(SIGPIPE, SIG_IGN);
  pid_ = pid;
}

void Pager::Finish() {
  if (pid_ == -1) return;
  std::cout.flush();
  std::fflush(stdout);
  ::close(STDOUT_FILENO);
  int status = 0;
  while (::waitpid(pid_, &status, 0) < 0 && errno == EINTR) {
  }
  pid_ = -1;
}

}  // namespace newsdex
