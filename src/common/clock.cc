#include "common/clock.h"

#include <chrono>

namespace scimd {

int64_t SystemNowMs() {
  using namespace std::chrono;
  return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

}  // namespace scimd
