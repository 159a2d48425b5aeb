// The portable fallback of ResourceStore::ListMembersPage, for backends that
// have no paged read of their own.
#include <algorithm>

#include "storage/resource_store.h"

namespace scimd::storage {

Result<std::vector<Member>> ResourceStore::ListMembersPage(std::string_view directory_id,
                                                           std::string_view group_id,
                                                           std::string_view after_id,
                                                           int64_t limit) {
  SCIMD_ASSIGN_OR_RETURN(std::vector<Member> all, ListMembers(directory_id, group_id));
  auto first = std::upper_bound(all.begin(), all.end(), after_id,
                                [](std::string_view id, const Member& m) { return id < m.id; });
  std::vector<Member> page;
  for (auto it = first; it != all.end() && static_cast<int64_t>(page.size()) < limit; ++it) {
    page.push_back(std::move(*it));
  }
  return page;
}

Result<int64_t> ResourceStore::CountMembers(std::string_view directory_id,
                                            std::string_view group_id) {
  SCIMD_ASSIGN_OR_RETURN(std::vector<Member> all, ListMembers(directory_id, group_id));
  return static_cast<int64_t>(all.size());
}

}  // namespace scimd::storage
