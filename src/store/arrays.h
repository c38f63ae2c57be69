// PostgreSQL array literals, to write a batch of rows in one statement:
//   INSERT INTO t (a, b) SELECT * FROM unnest(CAST(:a AS BIGINT[]), CAST(:b AS TEXT[]))
// with each column bound as one string. SOCI's vector binds run one statement per row on
// PostgreSQL (a round trip each), which makes a batch of thousands of rows take seconds; on
// SQLite they are cheap and stay.
#pragma once

#include <string>
#include <vector>

namespace sangsaeng::store {

// "{1,2,3}".
std::string pg_array(const std::vector<long long>& values);
// "{1,NULL,3}": NULL where present[i] is false. REQUIRES: the same sizes.
std::string pg_array(const std::vector<long long>& values, const std::vector<bool>& present);
// {"a","b \"quoted\""}: every element quoted, so commas, braces, spaces and the word NULL stay
// text.
std::string pg_array(const std::vector<std::string>& values);

}  // namespace sangsaeng::store
