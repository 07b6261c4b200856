#pragma once
// A test repository URL as given, and as shown: credentials in the URL (an HTTPS token, say) go
// to the collector but never to the terminal, the logs, the reports or the state.
#include <string>
#include <string_view>

namespace dt {

// "https://user:***@host/path" for "https://user:token@host/path"; "https://***@host/path" when
// the user part is itself a token; the text unchanged when it holds no credentials.
std::string shown_repo(std::string_view url);
// Registers the URL's credentials as secrets (scrubbed from every line printed).
void register_repo_secrets(std::string_view url);

}  // namespace dt
