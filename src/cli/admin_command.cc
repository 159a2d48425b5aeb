// `scimd admin token create|list|revoke`: bearer tokens for the admin REST
// API and the web console (src/admin/admin_tokens.h).
#include <boost/json.hpp>
#include <iostream>
#include <memory>

#include "admin/admin_tokens.h"
#include "cli/commands.h"
#include "scim/serialize/render.h"
#include "storage/resource_store.h"

namespace scimd::cli {
namespace {

struct TokenFlags {
  std::string db = kDefaultDb;
  std::string name;
  std::string id;
  bool json = false;
};

std::string TimeOrNever(int64_t ms) { return ms == 0 ? "never" : scim::FormatTime(ms); }

int Create(storage::ResourceStore& store, const TokenFlags& flags) {
  Result<admin::NewAdminToken> created = admin::CreateAdminToken(store, flags.name);
  if (!created.ok()) return Fail(created.status());
  if (flags.json) {
    boost::json::object out{
        {"id", created->record.id}, {"name", created->record.name}, {"token", created->token}};
    std::cout << boost::json::serialize(out) << "\n";
    return 0;
  }
  std::cout << "Admin token created.\n"
            << "  Id:     " << created->record.id << "\n"
            << "  Name:   " << created->record.name << "\n"
            << "  Token:  " << created->token << "\n\n"
            << "It is stored only as a hash and never shown again. Revoke it with:\n"
            << "  scimd admin token revoke " << created->record.id << "\n";
  return 0;
}

int List(storage::ResourceStore& store, const TokenFlags& flags) {
  Result<std::vector<storage::AdminTokenRecord>> tokens = store.ListAdminTokens();
  if (!tokens.ok()) return Fail(tokens.status());
  if (flags.json) {
    boost::json::array out;
    for (const auto& token : *tokens) {
      out.push_back(boost::json::object{
          {"id", token.id},
          {"name", token.name},
          {"created", scim::FormatTime(token.created_ms)},
          {"last_used", token.last_used_ms == 0
                            ? boost::json::value(nullptr)
                            : boost::json::value(scim::FormatTime(token.last_used_ms))}});
    }
    std::cout << boost::json::serialize(out) << "\n";
    return 0;
  }
  if (tokens->empty()) std::cout << "No admin tokens. Create one with: scimd admin token create\n";
  for (const auto& token : *tokens) {
    std::cout << token.id << "  " << token.name << "  created "
              << scim::FormatTime(token.created_ms) << "  last used "
              << TimeOrNever(token.last_used_ms) << "\n";
  }
  return 0;
}

int Revoke(storage::ResourceStore& store, const TokenFlags& flags) {
  Status status = store.DeleteAdminToken(flags.id);
  if (!status.ok()) return Fail(status);
  std::cout << "Admin token " << flags.id << " revoked.\n";
  return 0;
}

using Action = int (*)(storage::ResourceStore&, const TokenFlags&);

void AddAction(CLI::App& parent, const std::string& name, const std::string& help, Action action,
               ExitCode& exit_code) {
  auto flags = std::make_shared<TokenFlags>();
  CLI::App* command = parent.add_subcommand(name, help);
  AddDbOption(*command, flags->db);
  if (name == "create") {
    command->add_option("--name", flags->name, "A label for the token, e.g. \"console\"");
  }
  if (name != "revoke") {
    command->add_flag("--json", flags->json, "Print one JSON document instead of text");
  } else {
    command->add_option("ID", flags->id, "The token id (see `scimd admin token list`)")->required();
  }
  command->callback([flags, action, &exit_code] {
    exit_code.value = RunWithStore(
        flags->db, [&](storage::ResourceStore& store) { return action(store, *flags); });
  });
}

}  // namespace

void AddAdminCommand(CLI::App& app, ExitCode& exit_code) {
  CLI::App* admin = app.add_subcommand("admin", "Manage access to the admin API and console");
  admin->require_subcommand(1);
  CLI::App* token = admin->add_subcommand(
      "token", "Admin tokens: bearer tokens for the admin API and console (stored hashed)");
  token->require_subcommand(1);
  AddAction(*token, "create", "Create an admin token and print it (once)", Create, exit_code);
  AddAction(*token, "list", "List admin tokens (ids, names, last use; never the tokens)", List,
            exit_code);
  AddAction(*token, "revoke", "Revoke an admin token; it stops working at once", Revoke, exit_code);
}

}  // namespace scimd::cli
