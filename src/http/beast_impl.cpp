// Beast compiled once for the whole program (BOOST_BEAST_SEPARATE_COMPILATION is PUBLIC on
// ss_http).
#include <boost/beast/src.hpp>
