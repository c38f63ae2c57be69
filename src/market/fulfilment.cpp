#include "market/fulfilment.h"

#include <algorithm>

#include "core/json.h"  // utf8_length

namespace sangsaeng::market {

namespace {

bool all_digits(std::string_view text) {
  return std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// 010-1234-5678, 0212345678, +82 ... is not accepted: couriers want the domestic number.
bool valid_phone(std::string_view phone) {
  std::size_t digits = 0;
  for (char c : phone) {
    if (c >= '0' && c <= '9')
      ++digits;
    else if (c != '-')
      return false;
  }
  return digits >= 9 && digits <= 13 && phone.front() == '0';
}

void check_length(std::vector<FieldError>& errors, const char* field, std::string_view text,
                  std::size_t min_chars, std::size_t max_chars) {
  const std::size_t n = utf8_length(text);
  if (n < min_chars || n > max_chars)
    errors.push_back({std::string("ship_to.") + field,
                      min_chars > 0
                          ? "must be 1 to " + std::to_string(max_chars) + " characters"
                          : "must be at most " + std::to_string(max_chars) + " characters"});
}

}  // namespace

Status validate_ship_to(const ShipTo& to) {
  std::vector<FieldError> errors;
  check_length(errors, "recipient", to.recipient, 1, 50);
  if (to.phone.empty() || !valid_phone(to.phone))
    errors.push_back({"ship_to.phone", "must be a Korean phone number, e.g. 010-1234-5678"});
  if (to.postal_code.size() != 5 || !all_digits(to.postal_code))
    errors.push_back({"ship_to.postal_code", "must be the 5-digit postal code"});
  check_length(errors, "address1", to.address1, 1, 200);
  check_length(errors, "address2", to.address2, 0, 200);
  check_length(errors, "memo", to.memo, 0, 100);
  if (!errors.empty()) return Status::invalid(std::move(errors));
  return Status::ok_status();
}

bool in_delivery_zones(std::string_view postal_code, std::string_view zones) {
  if (zones.empty()) return true;
  std::size_t start = 0;
  while (start <= zones.size()) {
    const auto comma = zones.find(',', start);
    const auto end = comma == std::string_view::npos ? zones.size() : comma;
    const std::string_view prefix = zones.substr(start, end - start);
    if (!prefix.empty() && postal_code.starts_with(prefix)) return true;
    start = end + 1;
  }
  return false;
}

Status check_destination(const ShipTo& to, std::string_view zones) {
  if (Status valid = validate_ship_to(to); !valid.ok()) return valid;
  if (!in_delivery_zones(to.postal_code, zones))
    return Status(Code::invalid_argument, "outside-delivery-zones",
                  "This drop does not deliver to postal code " + to.postal_code,
                  {{"ship_to.postal_code", "outside the drop's delivery zones"}});
  return Status::ok_status();
}

Status check_step(OrderStatus from, OrderStatus to, std::string_view carrier,
                  std::string_view tracking_no) {
  const bool legal =
      (from == OrderStatus::paid && to == OrderStatus::packed) ||
      ((from == OrderStatus::paid || from == OrderStatus::packed) && to == OrderStatus::shipped) ||
      (from == OrderStatus::shipped && to == OrderStatus::delivered);
  if (!legal)
    return Status(Code::failed_precondition, "illegal-transition",
                  "An order that is " + std::string(to_string(from)) + " cannot become " +
                      std::string(to_string(to)));
  if (to == OrderStatus::shipped) {
    std::vector<FieldError> errors;
    if (carrier.empty() || utf8_length(carrier) > 30)
      errors.push_back({"carrier", "name the courier (1 to 30 characters)"});
    if (tracking_no.empty() || tracking_no.size() > 30 || !all_digits(tracking_no))
      errors.push_back({"tracking_no", "must be the courier's tracking number (digits)"});
    if (!errors.empty()) return Status::invalid(std::move(errors));
  }
  return Status::ok_status();
}

bool refundable(OrderStatus status) {
  return status == OrderStatus::paid || status == OrderStatus::packed;
}

bool label_wanted(OrderStatus status, std::optional<OrderStatus> asked) {
  if (status == OrderStatus::refunded) return false;
  return asked ? status == *asked : refundable(status);
}

std::vector<std::string> label_header() {
  return {"받는분", "받는분전화번호", "우편번호",   "주소",    "상세주소",
          "품목명", "수량",           "배송메세지", "주문번호"};
}

std::vector<std::string> label_row(const OrderView& v) {
  const ShipTo to = v.shipment ? v.shipment->to : ShipTo{};
  std::string item = v.drop_title;
  if (!v.unit_label.empty()) item += " (" + v.unit_label + ")";
  return {to.recipient,
          to.phone,
          to.postal_code,
          to.address1,
          to.address2,
          item,
          std::to_string(v.order.units),
          to.memo,
          id_to_string(v.order.id)};
}

}  // namespace sangsaeng::market
