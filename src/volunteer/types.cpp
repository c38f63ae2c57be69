#include "volunteer/types.h"

#include <algorithm>

namespace sangsaeng::volunteer {

bool is_facility_kind(std::string_view kind) {
  return std::find(std::begin(kFacilityKinds), std::end(kFacilityKinds), kind) !=
         std::end(kFacilityKinds);
}

}  // namespace sangsaeng::volunteer
