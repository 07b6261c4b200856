// The command line: both flag forms, GoogleTest pass-through, required flags, and the messages.
#include "options.hpp"
#include "support/options_error.hpp"

#include <string>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "support/files.hpp"
#include "util/error.hpp"
#include "util/file.hpp"

namespace dt {
namespace {

using ::testing::HasSubstr;

const std::vector<std::string> kRequired = {"--released-tag", "0.22.6", "--repo",
                                            "https://github.com/augurlabs/augur"};

std::vector<std::string> with_required(std::vector<std::string> more) {
  auto args = kRequired;
  args.insert(args.end(), more.begin(), more.end());
  return args;
}

std::string error_of(const std::vector<std::string>& args) {
  return testing_support::options_error(args);
}

TEST(Options, SpaceSeparatedValues) {
  const auto o = parse_options(with_required({"--work-dir", "/tmp/w", "--source-dir", "/src",
                                              "--config", "c.json", "--profile", "p.json"}));
  EXPECT_EQ(o.released_tag, "0.22.6");
  EXPECT_EQ(o.repos, std::vector<std::string>{"https://github.com/augurlabs/augur"});
  EXPECT_EQ(o.work_dir, "/tmp/w");
  EXPECT_EQ(o.source_dir, "/src");
  EXPECT_EQ(o.config, "c.json");
  EXPECT_EQ(o.profile, "p.json");
  EXPECT_FALSE(o.keep_dbs);
  EXPECT_EQ(o.mode, Mode::run);
}

TEST(Options, EqualsValues) {
  const auto o = parse_options({"--released-tag=v1.0", "--repo=https://x/y?a=b", "--work-dir=/w",
                                "--source-dir=/s", "--config=/c", "--profile=/p"});
  EXPECT_EQ(o.released_tag, "v1.0");
  // Only the first '=' separates flag and value.
  EXPECT_EQ(o.repos, std::vector<std::string>{"https://x/y?a=b"});
  EXPECT_EQ(o.work_dir, "/w");
  EXPECT_EQ(o.source_dir, "/s");
  EXPECT_EQ(o.config, "/c");
  EXPECT_EQ(o.profile, "/p");
}

TEST(Options, DefaultsLeaveOptionalsEmpty) {
  const auto o = parse_options(kRequired);
  EXPECT_FALSE(o.work_dir);
  EXPECT_FALSE(o.source_dir);
  EXPECT_FALSE(o.config);
  EXPECT_FALSE(o.profile);
  EXPECT_TRUE(o.gtest_args.empty());
}

TEST(Options, BooleanFlags) {
  const auto o = parse_options(
      with_required({"--keep-dbs", "--reuse-state", "--collect-only", "--force-drop"}));
  EXPECT_TRUE(o.keep_dbs);
  EXPECT_TRUE(o.reuse_state);
  EXPECT_EQ(o.mode, Mode::collect_only);
  EXPECT_TRUE(o.force_drop);
}

TEST(Options, BooleanFlagRejectsValue) {
  EXPECT_THAT(error_of(with_required({"--keep-dbs=yes"})),
              HasSubstr("'--keep-dbs' takes no value"));
}

TEST(Options, GtestFlagsPassThroughInOrder) {
  const auto o = parse_options({"--gtest_filter=*issues*", "--released-tag", "t",
                                "--gtest_color=no", "--repo", "r", "--gtest_output=xml:out.xml"});
  EXPECT_EQ(o.gtest_args, (std::vector<std::string>{"--gtest_filter=*issues*", "--gtest_color=no",
                                                    "--gtest_output=xml:out.xml"}));
  EXPECT_EQ(o.released_tag, "t");
  EXPECT_EQ(o.repos, std::vector<std::string>{"r"});
}

TEST(Options, ListTestsIsGoogleTestsFlagAndPassesThrough) {
  // Whether it means "list" is GoogleTest's to say ("=0" does not): read after InitGoogleTest.
  const auto o = parse_options(with_required({"--gtest_list_tests=0"}));
  EXPECT_EQ(o.mode, Mode::run);
  EXPECT_EQ(o.gtest_args, std::vector<std::string>{"--gtest_list_tests=0"});
}

TEST(Options, FromStateNeedsOnlyWorkDir) {
  const auto o = parse_options({"--gtest_list_tests", "--from-state", "--work-dir", "/w"});
  EXPECT_EQ(o.mode, Mode::from_state);
  EXPECT_EQ(o.work_dir, "/w");
}

TEST(Options, ListLastKnownAndUnlisted) {
  EXPECT_FALSE(parse_options(kRequired).list_last_known);
  EXPECT_TRUE(parse_options(kRequired).reuse_builds);
  EXPECT_TRUE(parse_options(with_required({"--list-last-known"})).list_last_known);
  const auto o = parse_options({"--from-state", "--work-dir", "/w", "--unlisted", "/b/listed.txt"});
  EXPECT_EQ(o.unlisted, "/b/listed.txt");
  EXPECT_THAT(error_of(with_required({"--unlisted", "/b/listed.txt"})),
              HasSubstr("flag '--unlisted' needs '--from-state'"));
  EXPECT_THAT(error_of({"--from-state", "--work-dir", "/w", "--unlisted"}),
              HasSubstr("flag '--unlisted' needs a value"));
}

TEST(Options, ValuesMustBeUtf8WithoutControlCharacters) {
  // A Latin-1 terminal: "café" as one byte 0xe9.
  const std::string latin1 = "https://example.com/caf\xe9";
  EXPECT_THAT(error_of({"--released-tag", "t", "--repo", latin1}),
              HasSubstr("flag '--repo' value 'https://example.com/caf\\xe9' is not valid UTF-8"));
  EXPECT_THAT(error_of({"--released-tag", std::string("v1\0x", 4), "--repo", "r"}),
              HasSubstr("holds a control character"));
  EXPECT_NO_THROW(parse_options({"--released-tag", "t", "--repo", "https://example.com/café"}));
}

TEST(Options, UnknownFlag) {
  EXPECT_EQ(error_of(with_required({"--x"})),
            "unknown flag '--x'; run 'data-test --help' for the list of flags");
  EXPECT_EQ(error_of(with_required({"--relased-tag=1"})),
            "unknown flag '--relased-tag'; run 'data-test --help' for the list of flags");
  EXPECT_THAT(error_of(with_required({"-k"})), HasSubstr("unknown flag '-k'"));
}

TEST(Options, StrayArgument) {
  EXPECT_THAT(error_of(with_required({"extra"})), HasSubstr("unexpected argument 'extra'"));
}

TEST(Options, MissingValueNamesTheFlag) {
  EXPECT_THAT(error_of({"--repo", "r", "--released-tag"}),
              HasSubstr("'--released-tag' needs a value"));
  // The next flag is not taken as the value.
  EXPECT_THAT(error_of({"--released-tag", "--repo", "r"}),
              HasSubstr("'--released-tag' needs a value"));
  EXPECT_THAT(error_of(with_required({"--work-dir"})), HasSubstr("'--work-dir' needs a value"));
  EXPECT_THAT(error_of(with_required({"--profile"})), HasSubstr("'--profile' needs a value"));
}

TEST(Options, EmptyValueRejected) {
  EXPECT_THAT(error_of({"--released-tag=", "--repo", "r"}),
              HasSubstr("'--released-tag' has an empty value"));
  EXPECT_THAT(error_of({"--released-tag", "t", "--repo", ""}),
              HasSubstr("'--repo' has an empty value"));
  EXPECT_THAT(error_of(with_required({"--config="})), HasSubstr("'--config' has an empty value"));
}

TEST(Options, RequiredFlags) {
  EXPECT_THAT(error_of({}), HasSubstr("missing required flag '--released-tag'"));
  EXPECT_THAT(error_of({"--released-tag", "t"}), HasSubstr("missing required flag '--repo'"));
  EXPECT_THAT(error_of({"--repo", "r"}), HasSubstr("missing required flag '--released-tag'"));
}

TEST(Options, HelpAndVersionNeedNothingElse) {
  EXPECT_EQ(parse_options({"--help"}).mode, Mode::help);
  EXPECT_EQ(parse_options({"-h"}).mode, Mode::help);
  EXPECT_EQ(parse_options({"--version"}).mode, Mode::version);
  EXPECT_EQ(parse_options({"-V"}).mode, Mode::version);
  EXPECT_EQ(parse_options({"--collect-only", "--help"}).mode, Mode::help);
}

TEST(Options, StateModesNeedWorkDir) {
  EXPECT_THAT(error_of({"--from-state"}), HasSubstr("'--from-state' needs '--work-dir PATH'"));
  EXPECT_THAT(error_of({"--drop-dbs-only"}),
              HasSubstr("'--drop-dbs-only' needs '--work-dir PATH'"));
  const auto o = parse_options({"--drop-dbs-only", "--work-dir", "/w", "--force-drop"});
  EXPECT_EQ(o.mode, Mode::drop_dbs_only);
  EXPECT_TRUE(o.force_drop);
  EXPECT_TRUE(o.released_tag.empty());
}

TEST(Options, ModesCannotBeCombined) {
  EXPECT_THAT(error_of(with_required({"--collect-only", "--from-state", "--work-dir", "/w"})),
              HasSubstr("cannot be combined"));
}

TEST(HelpText, NamesEveryFlagPhaseVerdictAndExitCode) {
  const auto help = help_text();
  for (const char* needle : {"--released-tag TAG",
                             "--repo URL",
                             "--keep-dbs",
                             "--work-dir PATH",
                             "--source-dir PATH",
                             "--config PATH",
                             "--profile PATH",
                             "--reuse-state",
                             "--collect-only",
                             "--from-state",
                             "--drop-dbs-only",
                             "--force-drop",
                             "--list-last-known",
                             "--unlisted FILE",
                             "DATA_TEST_REBUILD",
                             "-h, --help",
                             "-V, --version",
                             "DATA_TEST_HEARTBEAT_SECONDS",
                             "NO_COLOR",
                             "PGCONNECT_TIMEOUT",
                             "--gtest_filter",
                             "resolve binaries",
                             "provision scratch databases",
                             "scratch configs",
                             "collect released, then new",
                             "row-count diff",
                             "report and cleanup",
                             "PASS  equal",
                             "FLAG  new > released",
                             "FAIL  released > new",
                             "129/130/143",
                             "SIGHUP/SIGINT/SIGTERM"}) {
    EXPECT_THAT(help, HasSubstr(needle));
  }
  EXPECT_THAT(help, HasSubstr("  0        every table PASS or FLAG"));
  EXPECT_THAT(help, HasSubstr("  1        any table FAIL"));
  EXPECT_THAT(help, HasSubstr("  2        the harness could not finish"));
}

// --- issue 14: several repositories and --check ---

TEST(Options, RepoRepeatsInOrderNeverOverrides) {
  const auto o = parse_options({"--released-tag", "t", "--repo", "a", "--repo=b", "--repo", "c"});
  EXPECT_EQ(o.repos, (std::vector<std::string>{"a", "b", "c"}));
  EXPECT_EQ(load_repos(o), o.repos);
}

TEST(Options, ReposFileAfterTheFlags) {
  testing_support::TempDir dir;
  const auto path = dir.path() / "repos.txt";
  file::write_private(path, "# test repositories\n  https://x/one  \n\nhttps://x/two\r\n# end\n");
  const auto o = parse_options(
      {"--released-tag", "t", "--repo", "https://x/zero", "--repos-file", path.string()});
  EXPECT_EQ(o.repos_file, path.string());
  EXPECT_EQ(load_repos(o),
            (std::vector<std::string>{"https://x/zero", "https://x/one", "https://x/two"}));
  // --repos-file alone is enough.
  EXPECT_NO_THROW(parse_options({"--released-tag", "t", "--repos-file", path.string()}));
}

TEST(Options, ReposFileProblems) {
  testing_support::TempDir dir;
  const auto empty = dir.path() / "empty.txt";
  file::write_private(empty, "# nothing\n\n");
  const auto o = parse_options({"--released-tag", "t", "--repos-file", empty.string()});
  try {
    load_repos(o);
    FAIL();
  } catch (const Error& e) {
    EXPECT_THAT(std::string(e.what()), HasSubstr("lists no repository"));
  }
  const auto missing =
      parse_options({"--released-tag", "t", "--repos-file", (dir.path() / "nope.txt").string()});
  EXPECT_THROW(load_repos(missing), Error);
  const auto control = dir.path() / "control.txt";
  file::write_private(control, "https://x/a\x01\n");
  try {
    load_repos(parse_options({"--released-tag", "t", "--repos-file", control.string()}));
    FAIL();
  } catch (const Error& e) {
    EXPECT_THAT(std::string(e.what()), HasSubstr("line 1"));
  }
}

TEST(Options, ARepositoryGivenTwiceIsRefusedWithItsCredentialsMasked) {
  const auto o = parse_options({"--released-tag", "t", "--repo", "https://u:tok3n@h/r", "--repo",
                                "https://x/y", "--repo", "https://u:tok3n@h/r"});
  try {
    load_repos(o);
    FAIL();
  } catch (const Error& e) {
    const std::string message = e.what();
    EXPECT_THAT(message, HasSubstr("'https://u:***@h/r' is given twice"));
    EXPECT_EQ(message.find("tok3n"), std::string::npos);
  }
}

TEST(Options, CheckIsAMode) {
  EXPECT_EQ(parse_options(with_required({"--check"})).mode, Mode::check);
  EXPECT_THAT(error_of(with_required({"--check", "--collect-only"})),
              HasSubstr("cannot be combined"));
  EXPECT_THAT(error_of({"--check", "--released-tag", "t"}),
              HasSubstr("missing required flag '--repo'"));
  EXPECT_THAT(help_text(), HasSubstr("--check"));
  EXPECT_THAT(help_text(), HasSubstr("--repos-file FILE"));
}

TEST(Options, ContentQuietAndSampleRows) {
  const auto plain = parse_options(kRequired);
  EXPECT_EQ(plain.content, ContentCheck::off);
  EXPECT_FALSE(plain.quiet);
  EXPECT_EQ(plain.sample_rows, 20u);
  EXPECT_EQ(parse_options(with_required({"--content"})).content, ContentCheck::on);
  EXPECT_EQ(parse_options(with_required({"--content=fail"})).content, ContentCheck::fail);
  EXPECT_TRUE(parse_options(with_required({"--quiet"})).quiet);
  EXPECT_EQ(parse_options(with_required({"--sample-rows", "5"})).sample_rows, 5u);
  EXPECT_EQ(parse_options(with_required({"--sample-rows=1000"})).sample_rows, 1000u);
  EXPECT_EQ(error_of(with_required({"--content=always"})),
            "flag '--content' value 'always' is not known; pass --content (report drift) or "
            "--content=fail (drift fails the table)");
  EXPECT_THAT(error_of(with_required({"--quiet=yes"})), HasSubstr("takes no value"));
  for (const char* bad : {"0", "1001", "ten", "-1", "20000"}) {
    EXPECT_THAT(error_of(with_required({"--sample-rows", bad})),
                HasSubstr(std::string("flag '--sample-rows' value '") + bad +
                          "' is not a number from 1 to 1000"));
  }
  // "--content fail": the next word is not its value (it is an unexpected argument).
  EXPECT_THAT(error_of(with_required({"--content", "fail"})),
              HasSubstr("unexpected argument 'fail'"));
}

TEST(HelpText, SaysItIsAGoogleTestProgramAsIdesLookForIt) {
  // C++ TestMate runs `<exe> --help` and looks for GoogleTest's own wording (tests/e2e/ide_test
  // checks its exact regular expression against the launcher).
  const auto help = help_text();
  EXPECT_THAT(help, HasSubstr("This program contains tests written using Google Test"));
  EXPECT_THAT(help,
              HasSubstr("--gtest_list_tests  List the names of all tests instead of running them"));
}

}  // namespace
}  // namespace dt

namespace dt {
namespace {

TEST(OptionsSnapshots, TheCommandWordAndItsActionNeedNoRunFlags) {
  EXPECT_EQ(parse_options({"snapshots"}).mode, Mode::snapshots);
  EXPECT_FALSE(parse_options({"snapshots"}).prune);
  EXPECT_FALSE(parse_options({"snapshots", "list"}).prune);
  const Options prune =
      parse_options({"snapshots", "prune", "--snapshot-max-age", "7d", "--profile", "p.json"});
  EXPECT_TRUE(prune.prune);
  EXPECT_EQ(prune.snapshot_max_age, std::chrono::hours(7 * 24));
  EXPECT_EQ(prune.profile, std::optional<std::string>("p.json"));
  EXPECT_THAT(error_of({"snapshots", "purge"}),
              HasSubstr("unknown snapshots action 'purge'; pass 'list' or 'prune'"));
  // Only as the first word: elsewhere it is a stray argument.
  EXPECT_THAT(error_of(with_required({"snapshots"})), HasSubstr("unexpected argument"));
  EXPECT_THAT(error_of({"snapshots", "--check"}), HasSubstr("cannot be combined"));
}

TEST(OptionsSnapshots, MaxAgeTakesAUnitOrZero) {
  EXPECT_EQ(parse_options(with_required({})).snapshot_max_age, std::chrono::hours(24));
  EXPECT_EQ(parse_max_age("90s"), std::chrono::seconds(90));
  EXPECT_EQ(parse_max_age("15m"), std::chrono::minutes(15));
  EXPECT_EQ(parse_max_age("24h"), std::chrono::hours(24));
  EXPECT_EQ(parse_max_age("0"), std::chrono::seconds(0));
  EXPECT_EQ(parse_options(with_required({"--snapshot-max-age=2h"})).snapshot_max_age,
            std::chrono::hours(2));
  for (const char* bad : {"24", "h", "-1h", "1.5h", "24H", "1w", "123456789d", ""}) {
    EXPECT_THAT(error_of(with_required({std::string("--snapshot-max-age=") + bad})),
                HasSubstr("--snapshot-max-age"))
        << bad;
  }
  EXPECT_THAT(error_of(with_required({"--snapshot-max-age", "soon"})),
              HasSubstr("value 'soon' is not an age; pass a whole number with a unit s, m, h or "
                        "d, e.g. --snapshot-max-age 24h"));
}

TEST(Options, TheUpgradeFlags) {
  const Options o = parse_options(with_required({"--no-upgrade"}));
  EXPECT_TRUE(o.no_upgrade);
  EXPECT_FALSE(o.upgrade_only);
  EXPECT_TRUE(parse_options(with_required({"--upgrade-only"})).upgrade_only);
  EXPECT_FALSE(parse_options(with_required({})).no_upgrade);  // the upgrade is on by default
  EXPECT_THAT(error_of(with_required({"--upgrade-only", "--no-upgrade"})),
              HasSubstr("'--upgrade-only' and '--no-upgrade' cannot be combined"));
  EXPECT_THAT(error_of(with_required({"--upgrade-only", "--resume", "--work-dir", "/w"})),
              HasSubstr("'--upgrade-only' and '--resume' cannot be combined"));
  EXPECT_THAT(error_of(with_required({"--no-upgrade=yes"})),
              HasSubstr("'--no-upgrade' takes no value"));
}

}  // namespace
}  // namespace dt
