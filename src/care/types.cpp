#include "care/types.h"

#include <algorithm>
#include <array>

namespace sangsaeng::care {

namespace {

template <class E, std::size_t N>
std::optional<E> parse(std::string_view text, const std::array<E, N>& all) {
  for (E e : all)
    if (to_string(e) == text) return e;
  return std::nullopt;
}

}  // namespace

bool is_care_program(std::string_view slug) {
  return std::find(std::begin(kPrograms), std::end(kPrograms), slug) != std::end(kPrograms);
}

std::string_view to_string(HelperKind v) {
  switch (v) {
    case HelperKind::it_supporter:
      return "it_supporter";
    case HelperKind::technician:
      return "technician";
    case HelperKind::volunteer:
      return "volunteer";
  }
  return "?";
}
std::string_view to_string(Gender v) {
  switch (v) {
    case Gender::unrecorded:
      return "unrecorded";
    case Gender::female:
      return "female";
    case Gender::male:
      return "male";
  }
  return "?";
}
std::string_view to_string(RequestKind v) {
  switch (v) {
    case RequestKind::home_it_help:
      return "home_it_help";
    case RequestKind::it_education:
      return "it_education";
    case RequestKind::broadband_repair:
      return "broadband_repair";
    case RequestKind::installation:
      return "installation";
  }
  return "?";
}
std::string_view to_string(RequestStatus v) {
  switch (v) {
    case RequestStatus::requested:
      return "requested";
    case RequestStatus::planned:
      return "planned";
    case RequestStatus::visiting:
      return "visiting";
    case RequestStatus::done:
      return "done";
    case RequestStatus::cancelled:
      return "cancelled";
  }
  return "?";
}
std::string_view to_string(Outcome v) {
  switch (v) {
    case Outcome::solved:
      return "solved";
    case Outcome::follow_up:
      return "follow_up";
    case Outcome::not_home:
      return "not_home";
  }
  return "?";
}
std::string_view to_string(VisitStatus v) {
  switch (v) {
    case VisitStatus::planned:
      return "planned";
    case VisitStatus::visiting:
      return "visiting";
    case VisitStatus::done:
      return "done";
  }
  return "?";
}

std::optional<HelperKind> parse_helper_kind(std::string_view t) {
  return parse(t,
               std::array{HelperKind::it_supporter, HelperKind::technician, HelperKind::volunteer});
}
std::optional<Gender> parse_gender(std::string_view t) {
  return parse(t, std::array{Gender::unrecorded, Gender::female, Gender::male});
}
std::optional<RequestKind> parse_request_kind(std::string_view t) {
  return parse(t, std::array{RequestKind::home_it_help, RequestKind::it_education,
                             RequestKind::broadband_repair, RequestKind::installation});
}
std::optional<RequestStatus> parse_request_status(std::string_view t) {
  return parse(t,
               std::array{RequestStatus::requested, RequestStatus::planned, RequestStatus::visiting,
                          RequestStatus::done, RequestStatus::cancelled});
}
std::optional<Outcome> parse_outcome(std::string_view t) {
  return parse(t, std::array{Outcome::solved, Outcome::follow_up, Outcome::not_home});
}

}  // namespace sangsaeng::care
