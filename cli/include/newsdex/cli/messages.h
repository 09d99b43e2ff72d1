// Diagnostics in one voice for both programs: every line on stderr starts
// with the program's name ("searcher: error: ..."), and exit statuses are
// plain ints taken from ExitCode in one place.
#ifndef NEWSDEX_CLI_MESSAGES_H_
#define NEWSDEX_CLI_MESSAGES_H_

#include <string>

#include "newsdex/base/error.h"

namespace newsdex {

// Set once at the start of main(); every message below starts with it.
void SetProgramName(std::string name);
const std::string& ProgramName();

// The int a program returns for `code`.
int ExitStatus(ExitCode code);

// Prints "PROGRAM: error: MESSAGE" and returns ExitStatus(kError), so a
// caller can `return Fail(...)`.
int Fail(const std::string& message);

// Prints "PROGRAM: warning: MESSAGE".
void Warn(const std::string& message);

// Prints "PROGRAM: MESSAGE" (progress and summaries).
void Note(const std::string& message);

}  // namespace newsdex

#endif  // NEWSDEX_CLI_MESSAGES_H_
