#include "apply/process.h"

#include <fcntl.h>
#include <pwd.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>

namespace keel::apply {

int RunProcess(const std::vector<std::string>& argv, const ProcessOptions& options) {
  const passwd* owner = options.as_postgres && geteuid() == 0 ? getpwnam("postgres") : nullptr;
  // Everything the child needs is built before fork: other threads (a fleet applies several
  // targets at once) may hold locks the child would otherwise wait for.
  const std::string log = options.log.empty() ? "/dev/null" : options.log;
  const std::string input = options.input.empty() ? "/dev/null" : options.input;
  const std::string password = options.password_env + "=" + options.password;
  std::vector<char*> args;
  for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  const uid_t uid = owner ? owner->pw_uid : 0;
  const gid_t gid = owner ? owner->pw_gid : 0;
  pid_t pid = fork();
  if (pid < 0) return -1;
  if (pid == 0) {
    // The postgres user may not be able to enter our working directory.
    if (owner && (setgid(gid) != 0 || setuid(uid) != 0 || chdir("/") != 0)) _exit(126);
    if (!options.password.empty()) putenv(const_cast<char*>(password.c_str()));
    int fd = open(log.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
    if (fd >= 0) {
      dup2(fd, 1);
      dup2(fd, 2);
    }
    int in = open(input.c_str(), O_RDONLY);
    if (in < 0) _exit(126);
    dup2(in, 0);
    execvp(args[0], args.data());
    _exit(127);
  }
  int status = 0;
  waitpid(pid, &status, 0);
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

std::string TailOf(const std::string& path, int count) {
  std::ifstream in(path);
  std::vector<std::string> lines;
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  std::string out;
  for (size_t i = lines.size() > size_t(count) ? lines.size() - count : 0; i < lines.size(); ++i)
    out += (out.empty() ? "" : " | ") + lines[i];
  return out;
}

}  // namespace keel::apply
