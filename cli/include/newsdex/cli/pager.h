// Long text output through a pager on a terminal, as git does: $PAGER, else
// "less -FRX" (quits at once when the text fits on one screen, keeps
// colour, leaves the text on the screen). Never when stdout is not a
// terminal; PAGER="" or PAGER=cat turns it off, as does --no-pager.
#ifndef NEWSDEX_CLI_PAGER_H_
#define NEWSDEX_CLI_PAGER_H_

#include <sys/types.h>

namespace newsdex {

class Pager {
 public:
  Pager() = default;
  Pager(const Pager&) = delete;
  Pager& operator=(const Pager&) = delete;
  // Waits for the pager to finish (Finish()).
  ~Pager();

  // Starts the pager and points stdout at it, when stdout is a terminal.
  void Start();

  // Flushes stdout, closes it and waits for the pager to exit (the user
  // reading the output). Does nothing when no pager runs.
  void Finish();

 private:
  pid_t pid_ = -1;
};

}  // namespace newsdex

#endif  // NEWSDEX_CLI_PAGER_H_
