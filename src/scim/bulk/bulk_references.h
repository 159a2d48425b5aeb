// bulkId references (RFC 7644 §3.7.2): a string value "bulkId:<id>" anywhere
// in an operation's data, or as the resource id in its path, stands for the
// id of the resource the POST with that bulkId creates.
//
// Pure: no I/O. Thread-safety: functions of their arguments.
#ifndef SCIMD_SCIM_BULK_BULK_REFERENCES_H_
#define SCIMD_SCIM_BULK_BULK_REFERENCES_H_

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"
#include "scim/bulk/bulk_request.h"

namespace scimd::scim {

// The <id> of a whole-string reference "bulkId:<id>" (prefix matched
// case-insensitively), or nullopt when `text` is not one.
std::optional<std::string_view> BulkIdReference(std::string_view text);

// Every bulkId the operation references, in its path and anywhere in its data
// (object members and array elements, at any depth), each once, in order of
// first appearance (path first).
std::vector<std::string> FindBulkIdReferences(const BulkOperation& op);

// Replaces every reference in op.id and op.data by the resource id
// `created` maps it to. Fails with kConflict (409) naming the first bulkId
// `created` does not hold; op may then be partly rewritten.
Status ResolveBulkIdReferences(BulkOperation& op,
                               const std::map<std::string, std::string>& created);

}  // namespace scimd::scim

#endif  // SCIMD_SCIM_BULK_BULK_REFERENCES_H_
