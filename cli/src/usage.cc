#include "newsdex/cli/usage.h"

#include <string>
#include <vector>

#include "newsdex/cli/messages.h"
#include "newsdex/cli/validators.h"

namespace newsdex {
namespace {

// The subcommand the error belongs to: the last one parsed.
CLI::App* Deepest(CLI::App& app) {
  CLI::App* at = &app;
  for (bool deeper = true; deeper;) {
    deeper = false;
    for (CLI::App* sub : at->get_subcommands()) {
      at = sub;
      deeper = true;
      break;
    }
  }
  return at;
}

std::string CommandName(CLI::App* app) {
  std::string name = ProgramName();
  if (app->get_parent() != nullptr) name += " " + app->get_name();
  return name;
}

std::vector<std::string> OptionNames(CLI::App* app) {
  std::vector<std::string> names;
  for (const CLI::Option* option : app->get_options()) {
    for (const auto& n : option->get_lnames()) names.push_back("--" + n);
    for (const auto& n : option->get_snames()) names.push_back("-" + n);
  }
  return names;
}

std::string UnknownArgument(CLI::App& app, CLI::App* at) {
  std::vector<std::string> extras = at->remaining();
  std::string typed = extras.empty() ? "" : extras.front();
  std::string hint;
  if (!typed.empty() && typed[0] == '-') {
    std::string name = typed.substr(0, typed.find('='));
    std::string close = Closest(name, OptionNames(at));
    hint = "unknown option '" + name + "'";
    if (!close.empty()) hint += "; did you mean " + close + "?";
    return hint;
  }
  std::vector<std::string> commands;
  for (CLI::App* sub : app.get_subcommands([](CLI::App*) { return true; })) {
    commands.push_back(sub->get_name());
  }
  if (at == &app && !commands.empty()) {
    hint = "unknown command '" + typed + "'; the commands are " + JoinOr(commands);
    std::string close = Closest(typed, commands);
    if (!close.empty()) hint += "; did you mean " + close + "?";
    return hint;
  }
  return "unexpected argument '" + typed + "'";
}

std::string Describe(CLI::App& app, CLI::App* at, const CLI::ParseError& e) {
  std::string what = e.what();
  if (dynamic_cast<const CLI::ExtrasError*>(&e)) return UnknownArgument(app, at);
  if (dynamic_cast<const CLI::RequiredError*>(&e)) {
    if (what.find("subcommand") != std::string::npos) {
      if (!app.remaining().empty()) return UnknownArgument(app, &app);
      return "no command given";
    }
    return what.substr(0, what.find(" is required")) + " is missing";
  }
  if (dynamic_cast<const CLI::ArgumentMismatch*>(&e)) {
    std::string name = what.substr(0, what.find(':'));
    return name + " needs a value";
  }
  return what;
}

}  // namespace

std::optional<int> ParseCommandLine(CLI::App& app, int argc, char** argv) {
  try {
    app.parse(argc, argv);
    return std::nullopt;
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    CLI::App* at = Deepest(app);
    std::string message = Describe(app, at, e);
    std::string help = CommandName(at) + " --help";
    // "did you mean X?" stays last, where the eye lands.
    if (message.back() == '?') return Fail(message + " (see " + help + ")");
    return Fail(message + "; see " + help);
  }
}

}  // namespace newsdex
