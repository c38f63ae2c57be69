// Asio compiled once for the whole program (BOOST_ASIO_SEPARATE_COMPILATION is PUBLIC on ss_http).
#include <boost/asio/impl/src.hpp>
