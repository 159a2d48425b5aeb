// `scimd webhook add|list|remove|deliveries`: signed webhook subscriptions
// of a directory and their delivery state (docs/events.md).
#include <boost/json.hpp>
#include <iostream>
#include <memory>
#include <sstream>

#include "cli/commands.h"
#include "common/clock.h"
#include "events/webhooks.h"
#include "scim/serialize/render.h"
#include "storage/resource_store.h"

namespace scimd::cli {
namespace {

struct WebhookFlags {
  std::string db = kDefaultDb;
  std::string directory;
  std::string webhook;
  std::string url;
  std::string events;  // comma-separated
  std::string secret;
  bool json = false;
};

std::vector<std::string> SplitComma(const std::string& text) {
  std::vector<std::string> parts;
  std::stringstream stream(text);
  std::string part;
  while (std::getline(stream, part, ',')) {
    if (!part.empty()) parts.push_back(part);
  }
  return parts;
}

std::string Types(const storage::WebhookRecord& webhook) {
  if (webhook.event_types.empty()) return "all events";
  std::string out;
  for (const std::string& type : webhook.event_types) out += (out.empty() ? "" : ",") + type;
  return out;
}

int Add(storage::ResourceStore& store, const WebhookFlags& flags) {
  Result<storage::WebhookRecord> added = events::AddWebhook(
      store, flags.directory, flags.url, SplitComma(flags.events), flags.secret, SystemNowMs());
  if (!added.ok()) return Fail(added.status());
  if (flags.json) {
    boost::json::object out = events::WebhookJson(*added, false);
    out["secret"] = added->secret;
    std::cout << boost::json::serialize(out) << "\n";
    return 0;
  }
  std::cout << "Webhook added.\n"
            << "  Id:      " << added->id << "\n"
            << "  URL:     " << added->url << "\n"
            << "  Events:  " << Types(*added) << "\n"
            << "  Secret:  " << added->secret << "\n\n"
            << "Deliveries are signed with X-Scimd-Signature: t=<unix>,v1=<hex HMAC-SHA256 of "
               "\"<t>.<body>\">.\n";
  return 0;
}

int List(storage::ResourceStore& store, const WebhookFlags& flags) {
  Result<std::vector<storage::WebhookRecord>> webhooks = store.ListWebhooks(flags.directory);
  if (!webhooks.ok()) return Fail(webhooks.status());
  if (flags.json) {
    boost::json::array out;
    for (const auto& webhook : *webhooks) out.push_back(events::WebhookJson(webhook, false));
    std::cout << boost::json::serialize(out) << "\n";
    return 0;
  }
  if (webhooks->empty()) std::cout << "No webhooks. Add one with: scimd webhook add ID --url URL\n";
  for (const auto& webhook : *webhooks) {
    std::cout << webhook.id << "  " << webhook.url << "  " << Types(webhook) << "  "
              << webhook.state << "\n";
  }
  return 0;
}

int Remove(storage::ResourceStore& store, const WebhookFlags& flags) {
  Status status = store.DeleteWebhook(flags.directory, flags.webhook);
  if (!status.ok()) return Fail(status);
  std::cout << "Webhook " << flags.webhook << " removed.\n";
  return 0;
}

int Deliveries(storage::ResourceStore& store, const WebhookFlags& flags) {
  Result<storage::WebhookRecord> webhook = store.GetWebhook(flags.directory, flags.webhook);
  if (!webhook.ok()) return Fail(webhook.status());
  if (flags.json) {
    std::cout << boost::json::serialize(events::WebhookJson(*webhook, true)) << "\n";
    return 0;
  }
  std::cout << "Webhook " << webhook->id << " (" << webhook->url << ")\n"
            << "  State:          " << webhook->state << "\n"
            << "  Delivered seq:  " << webhook->delivered_seq << "\n"
            << "  Failures:       " << webhook->failures << "\n"
            << "  Last status:    " << webhook->last_status << "\n"
            << "  Last error:     " << webhook->last_error << "\n"
            << "  Next attempt:   "
            << (webhook->next_attempt_ms == 0 ? std::string("now")
                                              : scim::FormatTime(webhook->next_attempt_ms))
            << "\n";
  return 0;
}

using Action = int (*)(storage::ResourceStore&, const WebhookFlags&);

void AddAction(CLI::App& parent, const std::string& name, const std::string& help, Action action,
               ExitCode& exit_code) {
  auto flags = std::make_shared<WebhookFlags>();
  CLI::App* command = parent.add_subcommand(name, help);
  AddDbOption(*command, flags->db);
  command->add_option("ID", flags->directory, "The directory id")->required();
  if (name == "remove" || name == "deliveries") {
    command->add_option("WID", flags->webhook, "The webhook id (see `scimd webhook list`)")
        ->required();
  }
  if (name == "add") {
    command->add_option("--url", flags->url, "The receiver, http://HOST[:PORT]/PATH")->required();
    command->add_option("--events", flags->events,
                        "Comma-separated event types, e.g. user.created,user.deleted "
                        "(default: every type)");
    command->add_option("--secret", flags->secret, "The signing secret (default: random)");
  }
  if (name != "remove") {
    command->add_flag("--json", flags->json, "Print one JSON document instead of text");
  }
  command->callback([flags, action, &exit_code] {
    exit_code.value = RunWithStore(
        flags->db, [&](storage::ResourceStore& store) { return action(store, *flags); });
  });
}

}  // namespace

void AddWebhookCommand(CLI::App& app, ExitCode& exit_code) {
  CLI::App* webhook =
      app.add_subcommand("webhook", "Signed webhooks: push a directory's change feed to a URL");
  webhook->require_subcommand(1);
  AddAction(*webhook, "add", "Subscribe a URL to the directory's events", Add, exit_code);
  AddAction(*webhook, "list", "List the directory's webhooks", List, exit_code);
  AddAction(*webhook, "remove", "Remove a webhook; deliveries stop at once", Remove, exit_code);
  AddAction(*webhook, "deliveries",
            "Delivery state: delivered seq, failures, state, last status and error, next attempt",
            Deliveries, exit_code);
}

}  // namespace scimd::cli
