#include "directory/settings.h"

#include <gtest/gtest.h>

namespace scimd::directory {
namespace {

storage::DirectoryRecord Record(std::string idp) {
  storage::DirectoryRecord record;
  record.id = "abcdefghijkl";
  record.idp = std::move(idp);
  return record;
}

TEST(Settings, GenericDefaults) {
  Settings settings = EffectiveSettings(Record("generic"));
  EXPECT_FALSE(settings.link_existing);
  EXPECT_EQ(settings.response_content_type, "application/scim+json");
  EXPECT_EQ(settings.deprovision, Deprovision::kDelete);
  EXPECT_TRUE(settings.groups_enabled);
}

TEST(Settings, OneLoginAnswersPlainJson) {
  EXPECT_EQ(EffectiveSettings(Record("onelogin")).response_content_type, "application/json");
  EXPECT_EQ(EffectiveSettingsJson(Record("onelogin")).at("response-content-type"),
            "application/json");
}

TEST(Settings, ExplicitValuesWinOverIdpDefaults) {
  storage::DirectoryRecord record = Record("onelogin");
  ASSERT_TRUE(SetSetting(record, "response-content-type", "application/scim+json").ok());
  ASSERT_TRUE(SetSetting(record, "link-existing", "on").ok());
  ASSERT_TRUE(SetSetting(record, "deprovision", "deactivate").ok());
  ASSERT_TRUE(SetSetting(record, "groups", "disabled").ok());
  Settings settings = EffectiveSettings(record);
  EXPECT_EQ(settings.response_content_type, "application/scim+json");
  EXPECT_TRUE(settings.link_existing);
  EXPECT_EQ(settings.deprovision, Deprovision::kDeactivate);
  EXPECT_FALSE(settings.groups_enabled);
  EXPECT_EQ(record.settings.size(), 4u);
}

TEST(Settings, ChangingIdpKeepsExplicitValues) {
  storage::DirectoryRecord record = Record("onelogin");
  ASSERT_TRUE(SetSetting(record, "link-existing", "on").ok());
  ASSERT_TRUE(SetSetting(record, "idp", "entra").ok());
  EXPECT_EQ(record.idp, "entra");
  EXPECT_EQ(EffectiveSettings(record).response_content_type, "application/scim+json");
  EXPECT_TRUE(EffectiveSettings(record).link_existing);
}

TEST(Settings, RejectsUnknownKeysAndValues) {
  storage::DirectoryRecord record = Record("generic");
  Status status = SetSetting(record, "deprovision", "suspend");
  EXPECT_EQ(status.code(), Code::kInvalidValue);
  EXPECT_NE(status.detail().find("delete or deactivate"), std::string::npos);
  EXPECT_EQ(SetSetting(record, "colour", "on").code(), Code::kInvalidValue);
  EXPECT_EQ(SetSetting(record, "idp", "azure").code(), Code::kInvalidValue);
  EXPECT_EQ(record.idp, "generic");
  EXPECT_TRUE(record.settings.empty());
}

TEST(Settings, InvalidStoredValuesFallBackToDefaults) {
  storage::DirectoryRecord record = Record("generic");
  record.settings["groups"] = "maybe";
  record.settings["link-existing"] = true;  // not a string
  Settings settings = EffectiveSettings(record);
  EXPECT_TRUE(settings.groups_enabled);
  EXPECT_FALSE(settings.link_existing);
}

}  // namespace
}  // namespace scimd::directory
