#include "app/demo_photos.h"

#include <stb_image_write.h>

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <string>
#include <vector>

#include "market/photos.h"

namespace sangsaeng::app {

namespace {

constexpr int kWidthPx = 960, kHeightPx = 720;

struct Rgb {
  double r, g, b;
};

// An RGB canvas with a few drawing operations, enough for fruit on a table.
class Canvas {
 public:
  Canvas() : px_(std::size_t(kWidthPx) * kHeightPx) {}

  // A vertical gradient from `top` to `bottom`.
  void background(Rgb top, Rgb bottom) {
    for (int y = 0; y < kHeightPx; ++y) {
      const double t = double(y) / (kHeightPx - 1);
      for (int x = 0; x < kWidthPx; ++x) at(x, y) = mix(top, bottom, t);
    }
  }
  // A filled ellipse, lit from the upper left (lighter there, darker at the lower right rim).
  void ball(double cx, double cy, double rx, double ry, Rgb colour, double shine = 0.35) {
    for_ellipse(cx, cy, rx, ry, [&](int x, int y, double dx, double dy) {
      const double d = std::hypot(dx + 0.45, dy + 0.45) / 1.6;  // 0 at the highlight
      const Rgb lit = d < 0.25 ? mix(colour, {255, 255, 255}, shine * (1 - d / 0.25)) : colour;
      at(x, y) = mix(lit, {0, 0, 0}, std::clamp(d - 0.55, 0.0, 0.4));
    });
  }
  // A flat ellipse (a leaf, a shadow), blended at `alpha`.
  void blot(double cx, double cy, double rx, double ry, Rgb colour, double alpha = 1) {
    for_ellipse(cx, cy, rx, ry,
                [&](int x, int y, double, double) { at(x, y) = mix(at(x, y), colour, alpha); });
  }

  std::string png() const {
    std::vector<unsigned char> bytes(px_.size() * 3);
    for (std::size_t i = 0; i < px_.size(); ++i) {
      bytes[i * 3] = channel(px_[i].r);
      bytes[i * 3 + 1] = channel(px_[i].g);
      bytes[i * 3 + 2] = channel(px_[i].b);
    }
    std::string out;
    const auto append = [](void* context, void* data, int size) {
      static_cast<std::string*>(context)->append(static_cast<const char*>(data), std::size_t(size));
    };
    if (stbi_write_png_to_func(append, &out, kWidthPx, kHeightPx, 3, bytes.data(), kWidthPx * 3) ==
        0)
      throw std::runtime_error("demo photos: PNG encoding failed");
    return out;
  }

 private:
  static Rgb mix(Rgb a, Rgb b, double t) {
    return {a.r + (b.r - a.r) * t, a.g + (b.g - a.g) * t, a.b + (b.b - a.b) * t};
  }
  static unsigned char channel(double v) {
    return static_cast<unsigned char>(std::clamp(v, 0.0, 255.0) + 0.5);
  }
  Rgb& at(int x, int y) { return px_[std::size_t(y) * kWidthPx + x]; }
  // Calls f(x, y, dx, dy) for each pixel inside, with (dx, dy) in [-1, 1] across the ellipse.
  template <class F>
  void for_ellipse(double cx, double cy, double rx, double ry, F f) {
    const int y0 = std::max(0, int(cy - ry)), y1 = std::min(kHeightPx - 1, int(cy + ry));
    const int x0 = std::max(0, int(cx - rx)), x1 = std::min(kWidthPx - 1, int(cx + rx));
    for (int y = y0; y <= y1; ++y)
      for (int x = x0; x <= x1; ++x) {
        const double dx = (x - cx) / rx, dy = (y - cy) / ry;
        if (dx * dx + dy * dy <= 1) f(x, y, dx, dy);
      }
  }

  std::vector<Rgb> px_;
};

constexpr Rgb kLeaf{58, 125, 48};

// Salted cabbage: halved heads, pale inside and green outside, on a wooden board.
std::string cabbage() {
  Canvas c;
  c.background({238, 226, 200}, {176, 132, 88});
  for (const double cx : {300.0, 660.0}) {
    c.blot(cx + 20, 560, 230, 50, {90, 60, 30}, 0.35);  // shadow
    c.ball(cx, 400, 220, 170, {120, 170, 80}, 0.2);
    c.blot(cx, 410, 170, 125, {236, 238, 200});
    for (int i = 0; i < 5; ++i)  // the layers of the cut face
      c.blot(cx - 10 + i * 4, 420 - i * 8, 140 - i * 26, 100 - i * 18,
             i % 2 ? Rgb{226, 232, 170} : Rgb{244, 244, 214});
  }
  return c.png();
}

// Tangerines with leaves, on a blue cloth.
std::string tangerine() {
  Canvas c;
  c.background({200, 222, 240}, {120, 160, 205});
  const double spots[][2] = {{250, 430}, {480, 470}, {710, 420}, {370, 300}, {600, 290}};
  for (const auto& s : spots) c.blot(s[0] + 25, s[1] + 105, 120, 30, {40, 60, 100}, 0.3);
  for (const auto& s : spots) {
    c.ball(s[0], s[1], 120, 110, {245, 140, 20});
    c.blot(s[0] + 40, s[1] - 110, 55, 22, kLeaf);
    c.blot(s[0], s[1] - 100, 10, 8, {90, 110, 40});
  }
  return c.png();
}

// Apples, red with a stem, in a basket's light.
std::string apple() {
  Canvas c;
  c.background({252, 240, 220}, {214, 180, 140});
  const double spots[][2] = {{260, 440}, {500, 460}, {730, 430}, {380, 300}, {620, 290}};
  for (const auto& s : spots) c.blot(s[0] + 20, s[1] + 115, 125, 28, {110, 70, 40}, 0.3);
  for (const auto& s : spots) {
    c.ball(s[0], s[1], 125, 120, {196, 30, 40}, 0.45);
    c.blot(s[0], s[1] - 112, 7, 28, {100, 60, 30});
    c.blot(s[0] + 34, s[1] - 120, 36, 14, kLeaf);
  }
  return c.png();
}

struct DemoPhoto {
  const char* product_name;  // as seed_demo_market names it
  std::string (*draw)();
};

constexpr DemoPhoto kDemoPhotos[] = {
    {"해남 절임배추 10kg", cabbage},
    {"제주 노지 감귤 3kg", tangerine},
    {"청송 부사 사과 5kg", apple},
};

// The demo product of this name that has no photo yet, if any.
std::optional<Id> product_without_photo(store::Db& db, const std::string& name) {
  return db.read([&](soci::session& s) -> std::optional<Id> {
    long long id = 0;
    s << "SELECT id FROM market_products WHERE name = :name ORDER BY id LIMIT 1", soci::use(name),
        soci::into(id);
    if (!s.got_data() || !market::product_photos(s, id).empty()) return std::nullopt;
    return id;
  });
}

}  // namespace

int seed_demo_photos(store::Db& db, UnixMicros now) {
  int added = 0;
  for (const DemoPhoto& demo : kDemoPhotos) {
    const std::optional<Id> product = product_without_photo(db, demo.product_name);
    if (!product) continue;
    const auto image = uploads::prepare(uploads::Kind::image, demo.draw(), {});
    if (!image.ok()) throw std::runtime_error("demo photos: " + image.status().message());
    const auto photo =
        market::add_photo(db, *product, image.value(), market::Actor{.manages_market = true}, now);
    if (!photo.ok()) throw std::runtime_error("demo photos: " + photo.status().message());
    ++added;
  }
  return added;
}

}  // namespace sangsaeng::app
