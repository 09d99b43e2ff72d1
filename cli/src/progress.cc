#include "newsdex/cli/progress.h"

#include <cstdio>

#include "newsdex/cli/messages.h"

namespace newsdex {

ProgressLine::ProgressLine(bool enabled) : enabled_(enabled), start_(Clock::now()) {}

void ProgressLine::Update(const Progress& p) {
  if (!enabled_) return;
  auto now = Clock::now();
  if (p.done != p.total && now - last_ < std::chrono::milliseconds(250)) return;
  last_ = now;
  double seconds = std::chrono::duration<double>(now - start_).count();
  double rate = seconds > 0 ? p.done / seconds : 0;
  double left = rate > 0 ? (p.total - p.done) / rate : 0;
  std::fprintf(stderr, "\r\033[K%s: %zu/%zu files, %.0f files/s, %.0f s left",
               ProgramName().c_str(), p.done, p.total, rate, left);
  drawn_ = true;
}

void ProgressLine::Clear() {
  if (drawn_) std::fputs("\r\033[K", stderr);
  drawn_ = false;
}

}  // namespace newsdex
