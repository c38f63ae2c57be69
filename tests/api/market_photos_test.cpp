// Product photos and uploads over real HTTP, on SQLite and on PostgreSQL: a merchant uploads an
// image as the request body, the product lists it (first = main), the bytes are served by hash
// with immutable caching and 304 on revalidation; bad files are clear 4xx problems that store
// nothing; another merchant may not touch the product's photos.
#include <sodium.h>
#include <stb_image.h>
#include <stb_image_write.h>

#include <memory>

#include "api_fixture.h"

namespace sangsaeng::testing {
namespace {

namespace json = boost::json;

void append(void* context, void* data, int size) {
  static_cast<std::string*>(context)->append(static_cast<const char*>(data), std::size_t(size));
}

// A real PNG: a gradient, so that it compresses like a photo and not to nothing.
std::string png(int w, int h) {
  std::vector<unsigned char> px(std::size_t(w) * h * 3);
  for (int y = 0; y < h; ++y)
    for (int x = 0; x < w; ++x) {
      unsigned char* p = &px[(std::size_t(y) * w + x) * 3];
      p[0] = static_cast<unsigned char>(x * 255 / w);
      p[1] = static_cast<unsigned char>(y * 255 / h);
      p[2] = 90;
    }
  std::string out;
  EXPECT_NE(stbi_write_png_to_func(append, &out, w, h, 3, px.data(), w * 3), 0);
  return out;
}

std::string sha256_hex(const std::string& bytes) {
  unsigned char digest[crypto_hash_sha256_BYTES];
  crypto_hash_sha256(digest, reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size());
  char hex[crypto_hash_sha256_BYTES * 2 + 1];
  sodium_bin2hex(hex, sizeof hex, digest, sizeof digest);
  return hex;
}

std::pair<int, int> dimensions(const std::string& bytes) {
  int w = 0, h = 0, channels = 0;
  EXPECT_NE(stbi_info_from_memory(reinterpret_cast<const stbi_uc*>(bytes.data()), int(bytes.size()),
                                  &w, &h, &channels),
            0);
  return {w, h};
}

class MarketPhotos : public ::testing::TestWithParam<store::Dialect> {
 protected:
  void SetUp() override {
    env_ = std::make_unique<ApiEnv>(GetParam() == store::Dialect::sqlite ? temp_sqlite_url()
                                                                         : fresh_pg_url());
    manager_ = env_->login("manager@sangsaeng.test");
    merchant_ = env_->login("merchant@sangsaeng.test");
    auto r = env_->call(
        "POST", "/api/v1/market/products",
        R"({"name":"해남 절임배추 10kg","price_won":14900,"market_price_won":29800})", &merchant_);
    EXPECT_EQ(r.status, 201) << r.body;
    EXPECT_EQ(json::parse(r.body).at("photos").as_array().size(), 0u);
    product_ = std::string(json::parse(r.body).at("id").as_string());
  }
  static std::string fresh_pg_url() {
    static int n = 0;
    return TempPostgres::shared().create_database("market_photos_" + std::to_string(n++));
  }

  ClientResponse upload(const std::string& bytes, const std::string& type = "image/png",
                        const Browser* who = nullptr, const std::string& product = {}) {
    return env_->call(
        "POST", "/api/v1/market/products/" + (product.empty() ? product_ : product) + "/photos",
        bytes, who ? who : &merchant_, "Content-Type: " + type + "\r\n");
  }
  json::array photos() {
    auto r = env_->call("GET", "/api/v1/market/products/" + product_);
    EXPECT_EQ(r.status, 200) << r.body;
    return json::parse(r.body).at("photos").as_array();
  }
  std::string rows() {
    return env_->db().read([](soci::session& s) {
      long long photos = 0, blobs = 0;
      s << "SELECT COUNT(*) FROM market_product_photos", soci::into(photos);
      s << "SELECT COUNT(*) FROM uploads", soci::into(blobs);
      return std::to_string(photos) + " photos, " + std::to_string(blobs) + " blobs";
    });
  }
  static std::string str(const json::value& v, const char* key) {
    return std::string(v.at(key).as_string());
  }

  std::unique_ptr<ApiEnv> env_;
  Browser manager_, merchant_;
  std::string product_;
};

TEST_P(MarketPhotos, AMerchantUploadsAPhotoAndTheProductShowsIt) {
  auto r = upload(png(1600, 1000));
  ASSERT_EQ(r.status, 201) << r.body;
  const auto photo = json::parse(r.body);
  EXPECT_EQ(photo.at("width").as_int64(), 1200);
  EXPECT_EQ(photo.at("height").as_int64(), 750);
  const auto listed = photos();
  ASSERT_EQ(listed.size(), 1u);
  EXPECT_EQ(str(listed[0], "id"), str(photo, "id"));

  auto large = env_->call("GET", str(photo, "url"));
  ASSERT_EQ(large.status, 200) << large.body;
  EXPECT_EQ(large.header("content-type"), "image/jpeg");
  EXPECT_EQ(large.body.substr(0, 3), "\xFF\xD8\xFF");
  EXPECT_EQ(dimensions(large.body), std::pair(1200, 750));
  // Content-addressed: the URL ends in the SHA-256 of the bytes, which is the strong ETag.
  const std::string hash = sha256_hex(large.body);
  EXPECT_EQ(str(photo, "url"), "/api/v1/uploads/" + hash);
  EXPECT_EQ(large.header("etag"), "\"" + hash + "\"");
  EXPECT_EQ(large.header("cache-control"), "public, max-age=31536000, immutable");

  auto again =
      env_->call("GET", str(photo, "url"), {}, nullptr, "If-None-Match: \"" + hash + "\"\r\n");
  EXPECT_EQ(again.status, 304);
  EXPECT_TRUE(again.body.empty());
  EXPECT_EQ(again.header("etag"), "\"" + hash + "\"");
  auto stale = env_->call("GET", str(photo, "url"), {}, nullptr, "If-None-Match: \"other\"\r\n");
  EXPECT_EQ(stale.status, 200);

  auto small = env_->call("GET", str(photo, "thumbnail_url"));
  ASSERT_EQ(small.status, 200);
  EXPECT_EQ(dimensions(small.body), std::pair(400, 250));
}

TEST_P(MarketPhotos, PhotosKeepTheirOrderAndTheFirstIsTheMain) {
  auto first = upload(png(300, 200));
  auto second = upload(png(200, 300), "image/png", &manager_);  // a manager may add one too
  ASSERT_EQ(first.status, 201) << first.body;
  ASSERT_EQ(second.status, 201) << second.body;
  const std::string first_id = str(json::parse(first.body), "id");
  const std::string second_id = str(json::parse(second.body), "id");
  auto listed = photos();
  ASSERT_EQ(listed.size(), 2u);
  EXPECT_EQ(str(listed[0], "id"), first_id);
  EXPECT_EQ(str(listed[1], "id"), second_id);

  const std::string target = "/api/v1/market/products/" + product_ + "/photos/" + first_id;
  EXPECT_EQ(env_->call("DELETE", target, {}, &merchant_).status, 204);
  listed = photos();
  ASSERT_EQ(listed.size(), 1u);
  EXPECT_EQ(str(listed[0], "id"), second_id);
  EXPECT_EQ(problem_type(env_->call("DELETE", target, {}, &merchant_)), "not-found");
  // The same file again is a new photo but not new bytes. (Both photos fit in 400 px, so each
  // one's two variants are one blob.)
  EXPECT_EQ(rows(), "1 photos, 2 blobs");
  ASSERT_EQ(upload(png(200, 300)).status, 201);
  EXPECT_EQ(photos().size(), 2u);
  EXPECT_EQ(rows(), "2 photos, 2 blobs");
}

TEST_P(MarketPhotos, BadFilesAreClearProblemsAndStoreNothing) {
  const std::string before = rows();
  // A PDF sent as a photo (named photo.jpg, typed image/jpeg): judged by its bytes.
  auto pdf = upload("%PDF-1.4\n1 0 obj << >> endobj\n%%EOF\n", "image/jpeg");
  EXPECT_EQ(pdf.status, 415);
  EXPECT_EQ(problem_type(pdf), "unsupported-media-type");
  // multipart/form-data is not how this route takes a file.
  auto form = upload(
      "--x\r\nContent-Disposition: form-data; name=\"f\"\r\n\r\n" + png(10, 10) + "\r\n--x--\r\n",
      "multipart/form-data; boundary=x");
  EXPECT_EQ(form.status, 415) << form.body;
  const std::string file = png(400, 300);
  auto cut = upload(file.substr(0, file.size() / 2));
  EXPECT_EQ(cut.status, 422);
  EXPECT_EQ(problem_type(cut), "bad-image");
  std::string bomb = png(1, 1);  // its header says 60000 x 60000
  for (int i : {16, 20}) bomb[i] = 0, bomb[i + 1] = 0, bomb[i + 2] = char(0xEA), bomb[i + 3] = 0x60;
  auto big = upload(bomb);
  EXPECT_EQ(big.status, 422);
  EXPECT_EQ(problem_type(big), "bad-image");
  // Over the 10 MiB image limit: refused from the Content-Length, before the body is read (the
  // server's own slug, "body-too-large"; src/uploads says "too-large" to callers without HTTP).
  http::test::Connection c(env_->port());
  ASSERT_TRUE(c.send("POST /api/v1/market/products/" + product_ +
                     "/photos HTTP/1.1\r\nHost: t\r\nContent-Type: image/jpeg\r\n"
                     "Content-Length: " +
                     std::to_string(11 << 20) + "\r\nCookie: " + merchant_.cookie +
                     "\r\nX-CSRF-Token: " + merchant_.csrf + "\r\n\r\n"));
  const auto huge = c.read_response();
  ASSERT_TRUE(huge);
  EXPECT_EQ(huge->status, 413);
  EXPECT_TRUE(problem_type(*huge).ends_with("too-large")) << problem_type(*huge);
  EXPECT_EQ(rows(), before);
  EXPECT_TRUE(photos().empty());
}

TEST_P(MarketPhotos, OnlyTheProductsMerchantOrAManagerMayChangeItsPhotos) {
  auto org =
      env_->call("POST", "/api/v1/orgs", R"({"name":"바다농원","kind":"merchant"})", &manager_);
  if (org.status == 403) {  // orgs are the admin's
    const Browser admin = env_->login("admin@sangsaeng.test");
    org = env_->call("POST", "/api/v1/orgs", R"({"name":"바다농원","kind":"merchant"})", &admin);
  }
  ASSERT_EQ(org.status, 201) << org.body;
  auto other =
      env_->call("POST", "/api/v1/market/products",
                 R"({"merchant_org_id":")" + str(json::parse(org.body), "id") +
                     R"(","name":"완도 전복 1kg","price_won":30000,"market_price_won":60000})",
                 &manager_);
  ASSERT_EQ(other.status, 201) << other.body;
  const std::string other_id = str(json::parse(other.body), "id");
  auto refused = upload(png(50, 50), "image/png", &merchant_, other_id);
  EXPECT_EQ(refused.status, 403) << refused.body;
  auto added = upload(png(50, 50), "image/png", &manager_, other_id);
  ASSERT_EQ(added.status, 201) << added.body;
  const std::string target =
      "/api/v1/market/products/" + other_id + "/photos/" + str(json::parse(added.body), "id");
  EXPECT_EQ(env_->call("DELETE", target, {}, &merchant_).status, 403);
  // Photo ids belong to their product: the merchant's own product has no such photo.
  EXPECT_EQ(env_->call("DELETE",
                       "/api/v1/market/products/" + product_ + "/photos/" +
                           str(json::parse(added.body), "id"),
                       {}, &merchant_)
                .status,
            404);
  EXPECT_EQ(upload(png(50, 50), "image/png", &merchant_, "999999").status, 404);
}

TEST_P(MarketPhotos, AProductKeepsAtMostTenPhotos) {
  for (int i = 0; i < 10; ++i) ASSERT_EQ(upload(png(20 + i, 20)).status, 201) << i;
  auto eleventh = upload(png(40, 40));
  EXPECT_EQ(eleventh.status, 409);
  EXPECT_EQ(problem_type(eleventh), "too-many-photos");
  EXPECT_EQ(photos().size(), 10u);
}

TEST_P(MarketPhotos, UnknownUploadsAreNotFound) {
  EXPECT_EQ(env_->call("GET", "/api/v1/uploads/" + sha256_hex("nothing")).status, 404);
  EXPECT_EQ(env_->call("GET", "/api/v1/uploads/" + sha256_hex("nothing"), {}, nullptr,
                       "If-None-Match: *\r\n")
                .status,
            404);
  EXPECT_EQ(env_->call("GET", "/api/v1/uploads/..%2F..%2Fetc%2Fpasswd").status, 404);
}

INSTANTIATE_TEST_SUITE_P(Databases, MarketPhotos,
                         ::testing::Values(store::Dialect::sqlite, store::Dialect::postgres),
                         [](const auto& info) {
                           return info.param == store::Dialect::sqlite ? "sqlite" : "postgres";
                         });

}  // namespace
}  // namespace sangsaeng::testing
