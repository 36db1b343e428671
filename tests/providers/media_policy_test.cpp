// The pure parts of media (docs/architecture.md §Media): the allow-list and cap, file names, the
// signed links, the media a channel message announces, and which addresses a download may reach.
#include <catch2/catch.hpp>

#include "common/text_checks.hpp"
#include "providers/channel_media.hpp"
#include "providers/http_client.hpp"
#include "providers/media_link.hpp"
#include "providers/media_policy.hpp"

using namespace centralita;
using namespace centralita::providers;

TEST_CASE("media types are allowed by a list and sizes by a cap", "[providers][media]") {
  CHECK(bare_mime("Audio/OGG; codecs=opus") == "audio/ogg");
  CHECK(kind_for_mime("image/jpeg") == "image");
  CHECK(kind_for_mime("audio/ogg") == "audio");
  CHECK(kind_for_mime("video/mp4") == "video");
  CHECK(kind_for_mime("application/pdf") == "document");
  CHECK(kind_for_mime("text/html").empty());
  CHECK(check_media("image/png", 10, 100));
  auto html = check_media("text/html", 10, 100);
  REQUIRE_FALSE(html);
  CHECK(html.error().code == errc::unsupported_media);
  CHECK(html.error().message == "media type text/html is not accepted");
  CHECK_FALSE(check_media("image/svg+xml", 10, 100));
  auto big = check_media("image/png", 101, 100);
  REQUIRE_FALSE(big);
  CHECK(big.error().code == errc::payload_too_large);
  CHECK_FALSE(check_media("image/png", 0, 100));
}

TEST_CASE("file names are made safe for a header", "[providers][media]") {
  CHECK(safe_filename("factura.pdf", "x") == "factura.pdf");
  CHECK(safe_filename("../../etc/passwd", "x") == ".._.._etc_passwd");
  CHECK(safe_filename("a\"b;c.pdf", "x") == "a_b_c.pdf");
  CHECK(safe_filename("", "document.pdf") == "document.pdf");
  // Letters of any language stay; what could disguise or break the name does not.
  CHECK(safe_filename("Cotización año 2024.pdf", "x") == "Cotización año 2024.pdf");
  CHECK(safe_filename("发票.pdf", "x") == "发票.pdf");
  CHECK(safe_filename("factura\xe2\x80\xae"
                      "fdp.exe",
                      "x") == "factura_fdp.exe");  // U+202E
  CHECK(safe_filename("a\xc2\x85"
                      "b.pdf",
                      "x") == "a_b.pdf");                       // C1 NEL
  CHECK(safe_filename("bad\xff\xfe.pdf", "x") == "bad__.pdf");  // not UTF-8: bytes replaced
  // 200 bytes at most, never half a character.
  std::string long_name;
  for (int i = 0; i < 150; ++i) long_name += "ñ";
  auto cut = safe_filename(long_name, "x");
  CHECK(cut.size() == 200);
  CHECK(centralita::is_valid_utf8(cut));
  CHECK(default_filename("image", "image/jpeg") == "image.jpg");
}

TEST_CASE("a file name past ASCII is sent in filename* with an ASCII fallback",
          "[providers][media]") {
  CHECK(content_disposition(true, "factura.pdf") == R"(attachment; filename="factura.pdf")");
  CHECK(
      content_disposition(false, "Cotización año.pdf") ==
      R"(inline; filename="Cotizaci_n a_o.pdf"; filename*=UTF-8''Cotizaci%C3%B3n%20a%C3%B1o.pdf)");
}

TEST_CASE("a media link serves its tenant's file until it expires", "[providers][media]") {
  const std::string key(32, 'k');
  auto link = media_link("http://gw.example:8081/", key, 7, 42, 1000);
  CHECK(link.rfind("http://gw.example:8081/media/42?tenant=7&expires=1000&sig=", 0) == 0);
  auto sig = link.substr(link.find("sig=") + 4);
  CHECK(sig.size() == 64);
  CHECK(verify_media_link(key, 7, 42, 1000, sig, 999));
  CHECK_FALSE(verify_media_link(key, 8, 42, 1000, sig, 999));                   // another tenant
  CHECK_FALSE(verify_media_link(key, 7, 43, 1000, sig, 999));                   // another file
  CHECK_FALSE(verify_media_link(key, 7, 42, 2000, sig, 999));                   // a later expiry
  CHECK_FALSE(verify_media_link(key, 7, 42, 1000, sig, 1001));                  // expired
  CHECK_FALSE(verify_media_link(std::string(32, 'o'), 7, 42, 1000, sig, 999));  // another key
}

TEST_CASE("a message's attachments become media items", "[providers][media]") {
  channel_message voice{true, "5215512345678", "", "[audio]", R"(["https://t.example/a.bin"])"};
  auto m = media_of(voice);
  REQUIRE(m.size() == 1);
  CHECK(m[0].kind == "audio");
  CHECK(m[0].source_url == "https://t.example/a.bin");
  channel_message photo{true, "5215512345678", "", "hola", R"(["https://t.example/x.JPG?s=1"])"};
  CHECK(media_of(photo)[0].kind == "image");
  channel_message cloud{true, "5215512345678", "", "[document] guia.pdf",
                        R"([{"type":"document","media_id":"M1","mime_type":"application/pdf",)"
                        R"("filename":"guia.pdf"}])"};
  auto d = media_of(cloud);
  REQUIRE(d.size() == 1);
  CHECK(d[0].kind == "document");
  CHECK(d[0].source_media_id == "M1");
  CHECK(d[0].filename == "guia.pdf");
  channel_message place{true, "5215512345678", "", "[location]",
                        R"([{"type":"location","latitude":19.43,"longitude":-99.13,)"
                        R"("name":"Zócalo"}])"};
  auto l = media_of(place);
  REQUIRE(l.size() == 1);
  CHECK(l[0].kind == "location");
  CHECK(*l[0].latitude == Approx(19.43));
  CHECK(l[0].place_name == "Zócalo");
  channel_message bad{true, "5215512345678", "", "x",
                      R"([{"type":"location","latitude":200,"longitude":0},{"type":"image"}])"};
  CHECK(media_of(bad).empty());
  CHECK(placeholder_text("_event_voice_note__1234") == "[audio]");
  CHECK(placeholder_text("_event_media__1234") == "[media]");
  CHECK(placeholder_text("hola") == "hola");
}

TEST_CASE("only public addresses count as public", "[providers][media]") {
  using centralita::providers::is_public_ip;
  for (const char* ok : {"8.8.8.8", "157.240.22.35", "2a03:2880:f10c:83:face:b00c:0:25de",
                         "::ffff:8.8.4.4", "100.128.0.1", "172.32.0.1"}) {
    CHECK(is_public_ip(ok));
  }
  for (const char* no : {"127.0.0.1",
                         "10.1.2.3",
                         "172.16.0.1",
                         "172.31.255.255",
                         "192.168.1.1",
                         "169.254.169.254",
                         "100.64.0.1",
                         "0.0.0.0",
                         "224.0.0.1",
                         "255.255.255.255",
                         "198.18.0.1",
                         "192.0.0.8",
                         "::1",
                         "::",
                         "fe80::1",
                         "fd00::1",
                         "fc00::1",
                         "ff02::1",
                         "::ffff:127.0.0.1",
                         "::ffff:192.168.0.1",
                         "localhost",
                         "not an address"}) {
    CHECK_FALSE(is_public_ip(no));
  }
}
