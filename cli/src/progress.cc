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
  // The first files include opening the index and warming caches: a rate
  // from them predicts hours. Estimate only after a second and some files.
  if ((seconds < 1.0 || p.done < 20) && p.done != p.total) {
    std::fprintf(stderr, "\r\033[K%s: %zu/%zu files", ProgramName().c_str(), p.done, p.total);
    drawn_ = true;
    return;
  }
  double rate = p.done / seconds;
  double left = (p.total - p.done) / rate;
  std::fprintf(stderr, "\r\033[K%s: %zu/%zu files, %.0f files/s, %.0f s left",
               ProgramName().c_str(), p.done, p.total, rate, left);
  drawn_ = true;
}

void ProgressLine::Clear() {
  if (drawn_) std::fputs("\r\033[K", stderr);
  drawn_ = false;
}

}  // namespace newsdex
