// The admin REST API handlers, one family per file, each a function of an
// authenticated AdminCall. They are registered in the one route table of
// admin_routes.cc with their help strings.
#ifndef SCIMD_ADMIN_ADMIN_HANDLERS_H_
#define SCIMD_ADMIN_ADMIN_HANDLERS_H_

#include "admin/admin_call.h"
#include "http/message.h"

namespace scimd::admin {

// admin_directories.cc
http::Response ListDirectories(AdminCall& call);
http::Response CreateDirectory(AdminCall& call);
http::Response ShowDirectory(AdminCall& call);
http::Response UpdateDirectory(AdminCall& call);
http::Response RotateDirectorySecret(AdminCall& call);
http::Response RemoveDirectory(AdminCall& call);

// admin_users.cc
http::Response ListUsers(AdminCall& call);
http::Response ShowUser(AdminCall& call);
http::Response DeactivateUser(AdminCall& call);
http::Response ReactivateUser(AdminCall& call);
http::Response DeleteUser(AdminCall& call);

// admin_groups.cc
http::Response ListGroups(AdminCall& call);
http::Response ShowGroup(AdminCall& call);
http::Response ListGroupMembers(AdminCall& call);
http::Response DeleteGroup(AdminCall& call);

// admin_request_log.cc
http::Response ListRequests(AdminCall& call);

// admin_events.cc: the change feed and its snapshot
http::Response ListEvents(AdminCall& call);
http::Response ShowSnapshot(AdminCall& call);

// admin_webhooks.cc: signed webhook subscriptions and their delivery state
http::Response CreateWebhook(AdminCall& call);
http::Response ListWebhooks(AdminCall& call);
http::Response RemoveWebhook(AdminCall& call);
http::Response ShowWebhookDeliveries(AdminCall& call);

// admin_status.cc
http::Response ServerStatus(AdminCall& call);
http::Response OpenApi(AdminCall& call);

}  // namespace scimd::admin

#endif  // SCIMD_ADMIN_ADMIN_HANDLERS_H_
