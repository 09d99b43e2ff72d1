// The indexer's progress line on stderr: files done of total, rate and time
// left, redrawn in place on a terminal only.
#ifndef NEWSDEX_CLI_PROGRESS_H_
#define NEWSDEX_CLI_PROGRESS_H_

#include <chrono>

#include "newsdex/index/build.h"

namespace newsdex {

class ProgressLine {
 public:
  // Draws nothing when !enabled (not a terminal, or --quiet).
  explicit ProgressLine(bool enabled);

  // Redraws the line at most four times a second, and always for the last file.
  void Update(const Progress& p);

  // Erases the line so the messages that follow start on a clean line.
  void Clear();

 private:
  using Clock = std::chrono::steady_clock;
  bool enabled_;
  bool drawn_ = false;
  Clock::time_point start_;
  Clock::time_point last_{};
};

}  // namespace newsdex

#endif  // NEWSDEX_CLI_PROGRESS_H_
