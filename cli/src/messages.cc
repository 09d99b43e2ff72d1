#include "newsdex/cli/messages.h"

#include <iostream>
#include <utility>

namespace newsdex {
namespace {

std::string& Name() {
  static std::string name = "newsdex";
  return name;
}

}  // namespace

void SetProgramName(std::string name) { Name() = std::move(name); }

const std::string& ProgramName() { return Name(); }

int ExitStatus(ExitCode code) { return static_cast<int>(code); }

int Fail(const std::string& message) {
  std::cerr << Name() << ": error: " << message << "\n";
  return ExitStatus(ExitCode::kError);
}

void Warn(const std::string& message) { std::cerr << Name() << ": warning: " << message << "\n"; }

void Note(const std::string& message) { std::cerr << Name() << ": " << message << "\n"; }

}  // namespace newsdex
