// scimd import: bulk-loads SCIM JSON lines into one directory, bypassing HTTP,
// through ResourceStore::Import (one transaction per batch).
//
// Input: one User or Group per line. A line is a Group when one of its
// `schemas` ends in ":Group", else a User. `id` is kept when given (else a
// new UUID); everything else goes through the same normalisation as POST.
// Group members are referenced by id: {"members": [{"value": "<id>"}]}; a
// member must be a user or group of the directory, imported on an earlier
// line or already stored. Blank lines are skipped.
#include <boost/json.hpp>
#include <chrono>
#include <fstream>
#include <iostream>
#include <memory>
#include <utility>

#include "cli/commands.h"
#include "common/random.h"
#include "scim/resource/normalize.h"
#include "scim/schema/attribute.h"
#include "storage/resource_store.h"

namespace scimd::cli {
namespace {

struct ImportFlags {
  std::string db = kDefaultDb;
  std::string directory;
  std::string file;
  size_t batch = 10000;
};

bool IsGroup(const boost::json::object& body) {
  const boost::json::value* schemas = body.if_contains("schemas");
  if (schemas == nullptr || !schemas->is_array()) return false;
  for (const auto& urn : schemas->get_array()) {
    if (urn.is_string() && urn.get_string().ends_with(":Group")) return true;
  }
  return false;
}

// Accumulates resources and memberships and writes them a batch at a time.
class Importer {
 public:
  Importer(storage::ResourceStore& store, std::string directory, size_t batch)
      : store_(store), directory_(std::move(directory)), batch_(std::max<size_t>(1, batch)) {}

  // Parses and queues one line; flushes when a batch is full.
  Status Add(std::string_view line, size_t line_no) {
    boost::system::error_code ec;
    boost::json::value body = boost::json::parse(line, ec);
    if (ec || !body.is_object()) return AtLine(line_no, InvalidSyntax("not a JSON object"));
    const boost::json::object& object = body.get_object();
    storage::Resource resource;
    resource.kind = IsGroup(object) ? scim::ResourceKind::kGroup : scim::ResourceKind::kUser;
    const boost::json::value* id = object.if_contains("id");
    resource.id = id != nullptr && id->is_string() && !id->get_string().empty()
                      ? std::string(id->get_string())
                      : NewUuid();
    // Members are lifted out before normalising: its duplicate check is
    // quadratic in the array, which a million-member group cannot afford.
    std::vector<std::string> member_ids;
    if (resource.kind == scim::ResourceKind::kGroup) {
      SCIMD_RETURN_IF_ERROR(TakeMembers(body.get_object(), member_ids, line_no));
    }
    Result<scim::NormalizedResource> normalized =
        scim::NormalizeResource(body, scim::ResourceTypeOf(resource.kind));
    if (!normalized.ok()) return AtLine(line_no, normalized.status());
    resource.attributes = std::move(normalized->attributes);
    resource.attributes.erase("password");  // accepted, never stored (as for POST)
    for (auto& member : member_ids) memberships_.emplace_back(resource.id, std::move(member));
    ++(resource.kind == scim::ResourceKind::kUser ? users_ : groups_);
    resources_.push_back(std::move(resource));
    // Membership rows are far cheaper than resources: let them run longer.
    if (resources_.size() >= batch_ || memberships_.size() >= 10 * batch_) return Flush();
    return Status();
  }

  // Moves the `value` of each entry of `members` (any case) into `ids` and
  // erases the attribute.
  static Status TakeMembers(boost::json::object& body, std::vector<std::string>& ids,
                            size_t line_no) {
    for (auto it = body.begin(); it != body.end(); ++it) {
      if (!scim::EqualsIgnoreCase(it->key(), "members")) continue;
      if (!it->value().is_array()) return AtLine(line_no, InvalidValue("members is not an array"));
      for (const auto& member : it->value().get_array()) {
        const boost::json::value* value =
            member.is_object() ? member.get_object().if_contains("value") : nullptr;
        if (value == nullptr || !value->is_string()) {
          return AtLine(line_no, InvalidValue("a member without a string value"));
        }
        ids.emplace_back(value->get_string());
      }
      body.erase(it);
      return Status();
    }
    return Status();
  }

  // Writes what is queued in one transaction and reports progress on stderr.
  Status Flush() {
    if (resources_.empty() && memberships_.empty()) return Status();
    SCIMD_RETURN_IF_ERROR(store_.Import(directory_, resources_, memberships_));
    links_ += memberships_.size();
    resources_.clear();
    memberships_.clear();
    std::cerr << "scimd import: " << users_ << " users, " << groups_ << " groups, " << links_
              << " memberships (" << static_cast<int64_t>((users_ + groups_) / Seconds())
              << " resources/s)\n";
    return Status();
  }

  void PrintSummary() const {
    std::cout << "Imported " << users_ << " users, " << groups_ << " groups and " << links_
              << " memberships into " << directory_ << " in " << Seconds() << " s\n";
  }

 private:
  static Status AtLine(size_t line_no, const Status& status) {
    return Status(status.code(), "line " + std::to_string(line_no) + ": " + status.detail());
  }

  double Seconds() const {
    std::chrono::duration<double> elapsed = std::chrono::steady_clock::now() - start_;
    return std::max(elapsed.count(), 1e-3);
  }

  storage::ResourceStore& store_;
  const std::string directory_;
  const size_t batch_;
  std::vector<storage::Resource> resources_;
  std::vector<std::pair<std::string, std::string>> memberships_;
  size_t users_ = 0;
  size_t groups_ = 0;
  size_t links_ = 0;
  const std::chrono::steady_clock::time_point start_ = std::chrono::steady_clock::now();
};

int ImportFail(const Status& status) {
  std::cerr << "scimd import: " << status.detail() << "\n";
  return 1;
}

int Import(const ImportFlags& flags) {
  std::ifstream file_input;
  std::istream* input = &std::cin;
  if (flags.file != "-") {
    file_input.open(flags.file);
    if (!file_input) return ImportFail(InvalidValue("cannot open " + flags.file));
    input = &file_input;
  }
  Result<std::unique_ptr<storage::ResourceStore>> store = storage::OpenStore(flags.db);
  if (!store.ok()) return ImportFail(store.status());
  Result<storage::DirectoryRecord> directory = (*store)->GetDirectory(flags.directory);
  if (!directory.ok()) return ImportFail(directory.status());
  Importer importer(**store, flags.directory, flags.batch);
  std::string line;
  for (size_t line_no = 1; std::getline(*input, line); ++line_no) {
    if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
    Status added = importer.Add(line, line_no);
    if (!added.ok()) return ImportFail(added);
  }
  Status flushed = importer.Flush();
  if (!flushed.ok()) return ImportFail(flushed);
  importer.PrintSummary();
  return 0;
}

}  // namespace

void AddImportCommand(CLI::App& app, ExitCode& exit_code) {
  auto flags = std::make_shared<ImportFlags>();
  CLI::App* command = app.add_subcommand(
      "import",
      "Bulk-load users and groups from SCIM JSON lines (one resource per line; group members "
      "by id) into a directory, one transaction per batch");
  AddDbOption(*command, flags->db);
  command->add_option("--directory", flags->directory, "The directory id to load into")->required();
  command
      ->add_option("--batch", flags->batch,
                   "Resources per transaction (memberships: ten times as many)")
      ->check(CLI::Range(1, 10000000))
      ->capture_default_str();
  command->add_option("FILE", flags->file, "SCIM JSON lines; - reads standard input")->required();
  command->callback([flags, &exit_code] { exit_code.value = Import(*flags); });
}

}  // namespace scimd::cli
