// What the programs ask of the terminal: colour, width.
#ifndef NEWSDEX_CLI_TERMINAL_H_
#define NEWSDEX_CLI_TERMINAL_H_

#include <cstddef>
#include <string>

namespace newsdex {

// --color MODE: "always", "never", or "auto" (stdout is a terminal, NO_COLOR
// is unset or empty and TERM is not "dumb").
bool UseColor(const std::string& mode);

// Columns of the terminal on stdout; 0 when stdout is not a terminal.
std::size_t TerminalWidth();

}  // namespace newsdex

#endif  // NEWSDEX_CLI_TERMINAL_H_
