// Uploads: real small images made here (PNG and JPEG by stb_image_write, WebP by libwebp) go in;
// what comes out is JPEG of bounded size, addressed by its SHA-256. Truncated, mislabelled,
// oversized files and decompression bombs are refused with the right code before any decoding.
#include "uploads/uploads.h"

#include <gtest/gtest.h>
#include <stb_image.h>
#include <stb_image_write.h>
#include <webp/encode.h>

#include <memory>
#include <regex>
#include <set>
#include <sstream>

#include "store/migrations.h"
#include "support/store_fixture.h"
#include "uploads/store.h"

namespace sangsaeng::uploads {
namespace {

struct Rgba {
  unsigned char r, g, b, a;
};

std::vector<unsigned char> fill(int w, int h, Rgba c) {
  std::vector<unsigned char> px(std::size_t(w) * h * 4);
  for (std::size_t i = 0; i < px.size(); i += 4) {
    px[i] = c.r;
    px[i + 1] = c.g;
    px[i + 2] = c.b;
    px[i + 3] = c.a;
  }
  return px;
}

void append(void* context, void* data, int size) {
  static_cast<std::string*>(context)->append(static_cast<const char*>(data), std::size_t(size));
}

std::string png(int w, int h, Rgba c = {200, 30, 30, 255}) {
  std::string out;
  const auto px = fill(w, h, c);
  EXPECT_NE(stbi_write_png_to_func(append, &out, w, h, 4, px.data(), w * 4), 0);
  return out;
}

std::string jpeg(int w, int h, Rgba c = {30, 160, 40, 255}) {
  std::string out;
  const auto px = fill(w, h, c);
  EXPECT_NE(stbi_write_jpg_to_func(append, &out, w, h, 4, px.data(), 90), 0);
  return out;
}

std::string webp(int w, int h, Rgba c = {20, 40, 220, 255}) {
  const auto px = fill(w, h, c);
  std::uint8_t* data = nullptr;
  const std::size_t size = WebPEncodeLosslessRGBA(px.data(), w, h, w * 4, &data);
  std::string out(reinterpret_cast<const char*>(data), size);
  WebPFree(data);
  return out;
}

const std::string kPdf =
    "%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n";

// Decodes a produced variant: dimensions and the colour of its middle pixel.
struct Decoded {
  int w = 0, h = 0;
  Rgba middle{};
};
Decoded decode(const std::string& bytes) {
  Decoded d;
  int channels = 0;
  std::unique_ptr<stbi_uc, void (*)(void*)> px(
      stbi_load_from_memory(reinterpret_cast<const stbi_uc*>(bytes.data()), int(bytes.size()), &d.w,
                            &d.h, &channels, 3),
      stbi_image_free);
  EXPECT_TRUE(px);
  if (!px) return d;
  const std::size_t mid = (std::size_t(d.h / 2) * d.w + d.w / 2) * 3;
  d.middle = {px.get()[mid], px.get()[mid + 1], px.get()[mid + 2], 255};
  return d;
}

void expect_near(Rgba got, Rgba want) {
  EXPECT_NEAR(got.r, want.r, 8);
  EXPECT_NEAR(got.g, want.g, 8);
  EXPECT_NEAR(got.b, want.b, 8);
}

TEST(Sniff, KnowsTypesByTheirBytes) {
  EXPECT_EQ(sniff(png(2, 2)), MediaType::png);
  EXPECT_EQ(sniff(jpeg(2, 2)), MediaType::jpeg);
  EXPECT_EQ(sniff(webp(2, 2)), MediaType::webp);
  EXPECT_EQ(sniff(kPdf), MediaType::pdf);
  EXPECT_EQ(sniff("GIF89a......"), std::nullopt);
  EXPECT_EQ(sniff("<svg xmlns='http://www.w3.org/2000/svg'/>"), std::nullopt);
  EXPECT_EQ(sniff(""), std::nullopt);
  EXPECT_EQ(sniff("RIFF"), std::nullopt);
}

TEST(Prepare, AWideImageBecomesTwoBoundedJpegsKeepingItsAspectAndColour) {
  const auto r = prepare(Kind::image, png(3000, 1500), {});
  ASSERT_TRUE(r.ok()) << r.status().message();
  EXPECT_EQ(r->sent_as, MediaType::png);
  ASSERT_EQ(r->blobs.size(), 2u);
  const Blob& large = r->blobs[0];
  const Blob& small = r->blobs[1];
  EXPECT_EQ(large.media_type, "image/jpeg");
  EXPECT_EQ(sniff(large.bytes), MediaType::jpeg);
  EXPECT_EQ(large.hash, sha256_hex(large.bytes));
  EXPECT_TRUE(is_hash(large.hash));
  EXPECT_EQ(std::pair(large.width_px, large.height_px), std::pair(1200, 600));
  EXPECT_EQ(std::pair(small.width_px, small.height_px), std::pair(400, 200));
  const Decoded d = decode(small.bytes);
  EXPECT_EQ(std::pair(d.w, d.h), std::pair(400, 200));
  expect_near(d.middle, {200, 30, 30, 255});
  EXPECT_NE(large.hash, small.hash);
}

TEST(Prepare, ATallJpegAndAWebpAreAcceptedToo) {
  const auto tall = prepare(Kind::image, jpeg(500, 2000), {});
  ASSERT_TRUE(tall.ok()) << tall.status().message();
  EXPECT_EQ(std::pair(tall->blobs[0].width_px, tall->blobs[0].height_px), std::pair(300, 1200));
  expect_near(decode(tall->blobs[1].bytes).middle, {30, 160, 40, 255});

  const auto w = prepare(Kind::image, webp(640, 480), {});
  ASSERT_TRUE(w.ok()) << w.status().message();
  EXPECT_EQ(w->sent_as, MediaType::webp);
  EXPECT_EQ(std::pair(w->blobs[1].width_px, w->blobs[1].height_px), std::pair(400, 300));
  expect_near(decode(w->blobs[0].bytes).middle, {20, 40, 220, 255});
}

// A JPEG whose left half is red and right half blue, with an EXIF APP1 segment that says how
// to turn it (as a phone's camera writes it), or a given broken segment.
std::string turned_jpeg(int orientation, std::string app1 = {}) {
  constexpr int kW = 64, kH = 32;
  std::vector<unsigned char> px(kW * kH * 3);
  for (int y = 0; y < kH; ++y)
    for (int x = 0; x < kW; ++x) {
      unsigned char* p = &px[(y * kW + x) * 3];
      p[0] = x < kW / 2 ? 220 : 20, p[1] = 20, p[2] = x < kW / 2 ? 20 : 220;
    }
  std::string out;
  EXPECT_NE(stbi_write_jpg_to_func(append, &out, kW, kH, 3, px.data(), 95), 0);
  if (app1.empty()) {
    const std::string tiff = std::string("MM\0*\0\0\0\x08\0\x01", 10) + "\x01\x12" +
                             std::string("\0\x03\0\0\0\x01\0", 7) + char(orientation) +
                             std::string("\0\0\0\0\0\0", 6);
    app1 = std::string("Exif\0\0", 6) + tiff;
  }
  const std::size_t length = app1.size() + 2;
  const std::string segment = std::string("\xFF\xE1") + char(length >> 8) + char(length & 0xFF);
  return out.substr(0, 2) + segment + app1 + out.substr(2);
}

// The colour at (x, y) of a produced variant.
Rgba pixel_at(const std::string& bytes, int x, int y) {
  int w = 0, h = 0, channels = 0;
  std::unique_ptr<stbi_uc, void (*)(void*)> px(
      stbi_load_from_memory(reinterpret_cast<const stbi_uc*>(bytes.data()), int(bytes.size()), &w,
                            &h, &channels, 3),
      stbi_image_free);
  if (!px || x >= w || y >= h) return {};
  const stbi_uc* p = px.get() + (std::size_t(y) * w + x) * 3;
  return {p[0], p[1], p[2], 255};
}

TEST(Prepare, APhonePhotoIsTurnedAsItsExifSays) {
  const Rgba red{220, 20, 20, 255}, blue{20, 20, 220, 255};
  // 6: the camera was held upright; the stored image is turned 90 degrees clockwise for display,
  // so the left (red) half ends on top.
  auto r = prepare(Kind::image, turned_jpeg(6), {});
  ASSERT_TRUE(r.ok()) << r.status().message();
  EXPECT_EQ(std::pair(r->blobs[0].width_px, r->blobs[0].height_px), std::pair(32, 64));
  expect_near(pixel_at(r->blobs[0].bytes, 16, 8), red);
  expect_near(pixel_at(r->blobs[0].bytes, 16, 56), blue);
  // 8: turned counter-clockwise: red at the bottom.
  r = prepare(Kind::image, turned_jpeg(8), {});
  ASSERT_TRUE(r.ok()) << r.status().message();
  EXPECT_EQ(std::pair(r->blobs[0].width_px, r->blobs[0].height_px), std::pair(32, 64));
  expect_near(pixel_at(r->blobs[0].bytes, 16, 56), red);
  // 3: upside down: red on the right, the size unchanged.
  r = prepare(Kind::image, turned_jpeg(3), {});
  ASSERT_TRUE(r.ok()) << r.status().message();
  EXPECT_EQ(std::pair(r->blobs[0].width_px, r->blobs[0].height_px), std::pair(64, 32));
  expect_near(pixel_at(r->blobs[0].bytes, 56, 16), red);
  expect_near(pixel_at(r->blobs[0].bytes, 8, 16), blue);
  // 1 (as stored), and EXIF that is cut short or points outside itself: the image as stored.
  for (const std::string& app1 :
       {std::string(), std::string("Exif\0\0MM\0*\0\0\0\x08", 14),
        std::string("Exif\0\0II*\0\xff\xff\xff\x7f\0\0", 16), std::string("Exif", 4)}) {
    r = prepare(Kind::image, app1.empty() ? turned_jpeg(1) : turned_jpeg(0, app1), {});
    ASSERT_TRUE(r.ok()) << r.status().message();
    EXPECT_EQ(std::pair(r->blobs[0].width_px, r->blobs[0].height_px), std::pair(64, 32));
    expect_near(pixel_at(r->blobs[0].bytes, 8, 16), red);
  }
}

TEST(Prepare, ASmallImageIsNeverEnlargedAndTransparencyBecomesWhite) {
  const auto r = prepare(Kind::image, png(300, 200, {0, 0, 0, 0}), {});
  ASSERT_TRUE(r.ok()) << r.status().message();
  for (const Blob& b : r->blobs) EXPECT_EQ(std::pair(b.width_px, b.height_px), std::pair(300, 200));
  expect_near(decode(r->blobs[0].bytes).middle, {255, 255, 255, 255});
}

TEST(Prepare, TheSameFileGivesTheSameHashes) {
  const std::string file = png(800, 600);
  const auto a = prepare(Kind::image, file, {});
  const auto b = prepare(Kind::image, file, {});
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_EQ(a->sent_hash, sha256_hex(file));
  EXPECT_EQ(a->blobs[0].hash, b->blobs[0].hash);
  EXPECT_EQ(a->blobs[1].hash, b->blobs[1].hash);
}

TEST(Prepare, TruncatedImagesAreBad) {
  for (const std::string& file : {png(600, 400), jpeg(600, 400), webp(600, 400)}) {
    const auto r = prepare(Kind::image, file.substr(0, file.size() / 2), {});
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.status().code(), Code::invalid_argument);
    EXPECT_EQ(r.status().slug(), "bad-image");
  }
  // Only the magic bytes: no header to read.
  const auto r = prepare(Kind::image, "\xFF\xD8\xFF", {});
  EXPECT_EQ(r.status().slug(), "bad-image");
}

TEST(Prepare, APdfNamedLikeAPhotoIsNotAnImage) {
  // Whatever the client calls it (photo.jpg, image/jpeg), the bytes are a PDF.
  const auto r = prepare(Kind::image, kPdf, {});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), Code::unsupported_media_type);
  EXPECT_EQ(r.status().slug(), "unsupported-media-type");
  EXPECT_EQ(prepare(Kind::image, "GIF89a\x01\x00\x01\x00", {}).status().slug(),
            "unsupported-media-type");
  EXPECT_EQ(prepare(Kind::document, jpeg(4, 4), {}).status().slug(), "unsupported-media-type");
}

TEST(Prepare, AFileOverTheKindsLimitIsTooLargeBeforeAnythingElse) {
  UploadOptions options{.image_bytes_max = 1000, .document_bytes_max = 50};
  const std::string big = png(400, 400, {1, 2, 3, 255}) + std::string(1000, 'x');
  ASSERT_GT(big.size(), 1000u);
  const auto r = prepare(Kind::image, big, options);
  EXPECT_EQ(r.status().code(), Code::payload_too_large);
  EXPECT_EQ(r.status().slug(), "too-large");
  EXPECT_EQ(prepare(Kind::image, std::string(1001, 'x'), options).status().slug(), "too-large");
  EXPECT_EQ(prepare(Kind::document, kPdf, options).status().slug(), "too-large");
}

TEST(Prepare, DimensionsAreBoundedFromTheHeaderBeforeDecoding) {
  // A small file that would decode to many pixels: 13,000 wide is over the side bound.
  const std::string wide = png(13'000, 1);
  EXPECT_LT(wide.size(), 2000u);
  EXPECT_EQ(prepare(Kind::image, wide, {}).status().slug(), "bad-image");
  // And over a pixel bound set low.
  EXPECT_EQ(prepare(Kind::image, png(300, 300), {.image_pixels_max = 80'000}).status().slug(),
            "bad-image");
  // A PNG header that claims 60000 x 60000 (3.6 gigapixels) with no data behind it: refused
  // from the header, without trying to allocate the pixels.
  std::string bomb = png(1, 1);
  bomb[16] = 0, bomb[17] = 0, bomb[18] = char(0xEA), bomb[19] = char(0x60);  // width 60000
  bomb[20] = 0, bomb[21] = 0, bomb[22] = char(0xEA), bomb[23] = char(0x60);  // height 60000
  const auto r = prepare(Kind::image, bomb, {});
  EXPECT_EQ(r.status().slug(), "bad-image");
  EXPECT_NE(r.status().message().find("60000x60000"), std::string::npos) << r.status().message();
}

TEST(Prepare, APdfIsStoredAsSentAndATruncatedOneIsBad) {
  const auto r = prepare(Kind::document, kPdf, {});
  ASSERT_TRUE(r.ok()) << r.status().message();
  ASSERT_EQ(r->blobs.size(), 1u);
  EXPECT_EQ(r->blobs[0].bytes, kPdf);
  EXPECT_EQ(r->blobs[0].media_type, "application/pdf");
  EXPECT_EQ(r->blobs[0].hash, sha256_hex(kPdf));
  EXPECT_EQ(prepare(Kind::document, kPdf.substr(0, 30), {}).status().slug(), "bad-document");
}

TEST(Hash, IsSha256InLowerCaseHex) {
  EXPECT_EQ(sha256_hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_TRUE(is_hash(sha256_hex("")));
  EXPECT_FALSE(is_hash("BA7816BF8F01CFEA414140DE5DAE2223B00361A396177A9CB410FF61F20015AD"));
  EXPECT_FALSE(is_hash("../../etc/passwd"));
}

using UploadsStoreTest = testing::StoreTest;

TEST_P(UploadsStoreTest, BlobsAreStoredOnceAndReadBackByteForByte) {
  const auto r = prepare(Kind::image, png(900, 900), {});
  ASSERT_TRUE(r.ok());
  db_->write([&](soci::session& s) { save(s, r->blobs, 1); });
  db_->write([&](soci::session& s) { save(s, r->blobs, 2); });  // the same file again
  const auto pdf = prepare(Kind::document, kPdf + std::string("\0\x01\xff binary", 10), {});
  ASSERT_TRUE(pdf.ok()) << pdf.status().message();
  db_->write([&](soci::session& s) { save(s, pdf->blobs, 3); });
  db_->read([&](soci::session& s) {
    int rows = 0;
    s << "SELECT COUNT(*) FROM uploads", soci::into(rows);
    EXPECT_EQ(rows, 3);
    for (const Blob& b : {r->blobs[0], r->blobs[1], pdf->blobs[0]}) {
      const auto got = find(s, b.hash);
      ASSERT_TRUE(got);
      EXPECT_EQ(got->bytes, b.bytes);
      EXPECT_EQ(got->media_type, b.media_type);
      EXPECT_EQ(std::pair(got->width_px, got->height_px), std::pair(b.width_px, b.height_px));
      EXPECT_EQ(media_type(s, b.hash), b.media_type);
    }
    EXPECT_FALSE(find(s, sha256_hex("nothing")));
    EXPECT_FALSE(find(s, "not a hash"));
    EXPECT_FALSE(media_type(s, sha256_hex("nothing")));
  });
}

TEST_P(UploadsStoreTest, PruningDeletesOnlyOldBlobsThatNothingNames) {
  const auto photo = prepare(Kind::image, png(900, 600), {});  // large and small, named below
  const auto dropped = prepare(Kind::image, png(800, 800, {0, 90, 0, 255}), {});
  const auto fresh = prepare(Kind::document, kPdf, {});
  ASSERT_TRUE(photo.ok() && dropped.ok() && fresh.ok());
  constexpr UnixMicros kDay = 86'400 * kMicrosPerSecond;
  db_->write([&](soci::session& s) {
    save(s, photo->blobs, 1 * kDay);
    save(s, dropped->blobs, 1 * kDay);  // a photo taken off its product
    save(s, fresh->blobs, 10 * kDay);   // a report whose application is still being written
    s << "INSERT INTO orgs (id, name, kind, created_at) VALUES (11, '햇살농장', 'merchant', 0)";
    s << "INSERT INTO market_products (id, merchant_org_id, name, description, origin, "
         "unit_label, price_won, market_price_won, created_by, created_at) VALUES (21, 11, "
         "'사과', '', '청송', '5kg', 19900, 39800, 1, 0)";
    s << "INSERT INTO market_product_photos (id, product_id, position, large_hash, small_hash, "
         "width, height, created_by, created_at) VALUES (31, 21, 0, :l, :s, 900, 600, 1, 0)",
        soci::use(photo->blobs[0].hash), soci::use(photo->blobs[1].hash);
  });
  // Day 10 with a day's grace: the two blobs of the dropped photo go, at most one a call.
  const UnixMicros before = 9 * kDay;
  EXPECT_EQ(db_->write([&](soci::session& s) { return prune(s, kReferences, before, 1); }), 1);
  EXPECT_EQ(db_->write([&](soci::session& s) { return prune(s, kReferences, before, 100); }), 1);
  EXPECT_EQ(db_->write([&](soci::session& s) { return prune(s, kReferences, before, 100); }), 0);
  db_->read([&](soci::session& s) {
    for (const Blob& b : photo->blobs) EXPECT_TRUE(find(s, b.hash)) << "a named photo stays";
    for (const Blob& b : dropped->blobs) EXPECT_FALSE(find(s, b.hash)) << "unnamed and old";
    EXPECT_TRUE(find(s, fresh->blobs[0].hash)) << "within its grace";
  });
}

// Every column of every migration that names an upload is in kReferences: pruning must know
// all of them (a column it missed would make its job fail on the foreign key, every time).
TEST(UploadReferences, ListEveryColumnTheMigrationsPointAtUploads) {
  std::set<std::pair<std::string, std::string>> in_migrations, listed;
  for (const Reference& r : kReferences) listed.emplace(r.table, r.column);
  const std::regex create(R"(CREATE TABLE (\w+))"), alter(R"(ALTER TABLE (\w+) ADD COLUMN (\w+))");
  for (const store::Migration& m : store::embedded_migrations()) {
    std::istringstream lines(m.sql);
    std::string line, table;
    std::smatch match;
    while (std::getline(lines, line)) {
      if (std::regex_search(line, match, create)) table = match[1];
      if (line.find("REFERENCES uploads") == std::string::npos) continue;
      if (std::regex_search(line, match, alter)) {
        in_migrations.emplace(match[1], match[2]);
      } else {
        std::istringstream words(line);
        std::string column;
        words >> column;
        in_migrations.emplace(table, column);
      }
    }
  }
  EXPECT_FALSE(in_migrations.empty());
  EXPECT_EQ(in_migrations, listed);
}

INSTANTIATE_STORE_TESTS(UploadsStoreTest);

}  // namespace
}  // namespace sangsaeng::uploads
