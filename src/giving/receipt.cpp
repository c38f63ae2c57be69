#include "giving/receipt.h"

#include <algorithm>

#include "core/csv.h"
#include "core/html.h"

namespace sangsaeng::giving {

namespace {

std::string korean_date(UnixMicros t) {
  const CivilTime c = civil_from_micros(t, kSeoulOffsetMinutes);
  return std::to_string(c.year) + "년 " + std::to_string(c.month) + "월 " + std::to_string(c.day) +
         "일";
}

// "1,234,000원".
std::string won_text(std::int64_t won) {
  std::string digits = std::to_string(won < 0 ? -won : won), out;
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return (won < 0 ? "-" : "") + out + "원";
}

std::string registration_text(const std::string& no) {
  return no.empty() ? "(등록번호 미기재)" : no;
}

constexpr const char* kStyle =
    "body{font-family:'Noto Sans KR','NanumGothic',sans-serif;margin:0;color:#111}"
    ".page{max-width:760px;margin:24px auto;padding:40px;border:1px solid #999}"
    "h1{text-align:center;letter-spacing:.4em;font-size:28px;margin:8px 0 24px}"
    "h2{font-size:16px;margin:20px 0 4px}"
    "table{width:100%;border-collapse:collapse;margin:8px 0}"
    "th,td{border:1px solid #555;padding:6px 8px;font-size:14px;word-break:keep-all}"
    "th{background:#eee;font-weight:600;text-align:left}.num{text-align:right}.no{font-size:13px}"
    ".note{font-size:13px;color:#333}.confirm{margin:28px 0 8px;text-align:center;font-size:16px}"
    ".issued{text-align:center;margin:16px 0}.issuer{text-align:center;font-size:20px;"
    "font-weight:700;margin-top:16px}"
    "@media print{.page{border:none;margin:0;padding:16mm}@page{size:A4}}";

void donor_table(std::string& h, const Receipt& r) {
  h += "<h2>1. 기부자</h2><table>";
  h += "<tr><th scope=\"row\">성명</th><td>" + escape_html(r.donor_name) +
       "</td><th scope=\"row\">회원번호</th><td>" + id_to_string(r.donor_id) + "</td></tr>";
  h += "<tr><th scope=\"row\">주민등록번호</th><td colspan=\"3\">수집하지 않음 (연말정산 "
       "시 기부자가 직접 기재)</td></tr>";
  h += "<tr><th scope=\"row\">기부 기간</th><td colspan=\"3\">" + std::to_string(r.year) +
       "년 1월 1일 ~ " + std::to_string(r.year) + "년 12월 31일</td></tr></table>";
}

void org_table(std::string& h, const Receipt& r) {
  h += "<h2>2. 기부금 단체</h2><table><thead><tr><th scope=\"col\">단체명</th>"
       "<th scope=\"col\">고유번호(사업자등록번호)</th><th scope=\"col\" class=\"num\">"
       "기부금액</th></tr></thead><tbody>";
  for (const Receipt::OrgTotal& o : r.by_org()) {
    h += "<tr><td>" + escape_html(o.org_name) + "</td><td>" +
         escape_html(registration_text(o.registration_no)) + "</td><td class=\"num\">" +
         won_text(o.won) + "</td></tr>";
  }
  if (r.donations.empty()) h += "<tr><td colspan=\"3\">이 해의 기부 기록이 없습니다.</td></tr>";
  h += "</tbody></table>";
}

void donations_table(std::string& h, const Receipt& r) {
  h += "<h2>3. 기부 내용</h2><table><thead><tr><th scope=\"col\">번호</th>"
       "<th scope=\"col\">기부일</th><th scope=\"col\">기부금 단체</th>"
       "<th scope=\"col\">분야</th><th scope=\"col\">구분</th>"
       "<th scope=\"col\" class=\"num\">금액</th></tr></thead><tbody>";
  int n = 0;
  for (const Donation& d : r.donations) {
    h += "<tr><td class=\"num\">" + std::to_string(++n) + "</td><td>" + korean_date(d.at_us) +
         "</td><td>" + escape_html(d.org_name) + "</td><td>" + escape_html(d.cause_name) +
         "</td><td>금전</td><td class=\"num\">" + won_text(d.won) + "</td></tr>";
  }
  h += "<tr><th scope=\"row\" colspan=\"5\">합계</th><td class=\"num\">" + won_text(r.total_won()) +
       "</td></tr></tbody></table>";
}

}  // namespace

std::int64_t Receipt::total_won() const {
  std::int64_t won = 0;
  for (const Donation& d : donations) won += d.won;
  return won;
}

std::vector<Receipt::OrgTotal> Receipt::by_org() const {
  std::vector<OrgTotal> out;
  for (const Donation& d : donations) {
    auto it = std::find_if(out.begin(), out.end(), [&](const OrgTotal& o) {
      return o.org_name == d.org_name && o.registration_no == d.registration_no;
    });
    if (it == out.end()) it = out.insert(out.end(), {d.org_name, d.registration_no, 0});
    it->won += d.won;
  }
  return out;
}

std::string receipt_html(const Receipt& r, UnixMicros issued_at_us) {
  std::string h;
  h += "<!doctype html><html lang=\"ko\"><head><meta charset=\"utf-8\">";
  h += "<title>기부금 영수증 " + std::to_string(r.year) + " - " + escape_html(r.donor_name) +
       "</title>";
  h += std::string("<style>") + kStyle + "</style></head><body><main class=\"page\">";
  h += "<p class=\"no\">일련번호: " + escape_html(r.number) + "</p>";
  h += "<h1>기부금 영수증</h1>";
  donor_table(h, r);
  org_table(h, r);
  donations_table(h, r);
  h += "<p class=\"note\">행복 크레딧은 제휴 매장 구매로 적립된 기부 전용 크레딧입니다. 위 "
       "금액은 기부자가 지정한 분야(또는 기본 배분)에 따라 " +
       escape_html(r.issuer) +
       "이(가) 기부자 명의로 기부금 단체에 지급한 금액입니다(1점 = 1원). 세액공제 대상 "
       "여부와 법정 서식의 영수증은 각 기부금 단체에 요청할 수 있습니다.</p>";
  h += "<p class=\"confirm\">위와 같이 기부하였음을 확인합니다.</p>";
  h += "<p class=\"issued\">" + korean_date(issued_at_us) + "</p>";
  h += "<p class=\"issuer\">" + escape_html(r.issuer) + " (인)</p>";
  h += "</main></body></html>";
  return h;
}

std::string receipt_csv(const Receipt& r) {
  CsvWriter csv;
  csv.row({"일련번호 (number)", "기부자 (donor)", "회원번호 (member)", "기부일 (date)",
           "기부금 단체 (organisation)", "고유번호 (registration no)", "분야 (cause)",
           "구분 (kind)", "금액 (won)"});
  const std::string member = id_to_string(r.donor_id);
  for (const Donation& d : r.donations) {
    const CivilTime day = civil_from_micros(d.at_us, kSeoulOffsetMinutes);
    csv.row({r.number, r.donor_name, member, format_date(day), d.org_name, d.registration_no,
             d.cause_name, "금전", std::to_string(d.won)});
  }
  csv.row({r.number, r.donor_name, member, "합계 (total)", "", "", "", "",
           std::to_string(r.total_won())});
  return csv.text();
}

}  // namespace sangsaeng::giving
