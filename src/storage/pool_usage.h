// How many database connections a store holds, for the pool gauge on
// /metrics.
#ifndef SCIMD_STORAGE_POOL_USAGE_H_
#define SCIMD_STORAGE_POOL_USAGE_H_

#include <cstdint>

namespace scimd::storage {

struct PoolUsage {
  int64_t in_use = 0;  // lent to a call right now (PostgreSQL: also being opened)
  int64_t idle = 0;    // open and waiting for a call
};

}  // namespace scimd::storage

#endif  // SCIMD_STORAGE_POOL_USAGE_H_
