#pragma once
// The copy_rows step: the operator's key rows streamed into a scratch database with COPY (the
// values never appear in statement text, so not in a server log), registered as secrets first.
#include <string>
#include <string_view>

#include "db/conninfo.hpp"

namespace dt {

// Streams every row of schema.table from `from` to `to` with COPY, over the columns both
// copies have. Returns the number of rows copied. Every value of a copied row is registered as
// a secret first (see is_secret_value). Throws dt::Error when the table is missing on either
// side.
long long copy_rows(const ConnParams& from, const ConnParams& to, const std::string& qualified);

// Registers the values of schema.table in the primary database `from` as secrets, so that a
// child that prints a key before copy_rows runs is scrubbed too. Returns the number of rows.
// Throws dt::Error (the same message as copy_rows) when the table is missing.
long long register_table_secrets(const ConnParams& from, const std::string& qualified);

// The rows of schema.table in `from` as "<count>:<md5>", computed by the server in a fixed row
// order: the released snapshot's key (copied keys changed: collect again). Throws like copy_rows.
std::string key_table_fingerprint(const ConnParams& from, const std::string& qualified);

// Whether a value of a key row is a secret: 8 bytes or longer whatever its column (a token in a
// column named `value` is still a token), or any length in a credential-named column (token,
// key, secret, pass, credential, auth).
bool is_secret_value(std::string_view column, std::string_view value);

}  // namespace dt
