#include "vectorindex/chunker.hpp"

#include <catch2/catch.hpp>

#include "vectorindex/article_chunks.hpp"

using namespace centralita::vectorindex;

TEST_CASE("chunk_markdown splits by heading and keeps the heading", "[vectorindex]") {
  const std::string body =
      "# Envíos\n\nIntro del artículo.\n\n## ¿Cuánto cuesta?\n\nGratis desde $999.\n\n"
      "## ¿Cuánto tarda?\n\nDe 2 a 5 días hábiles.\n";
  auto chunks = chunk_markdown(body);
  REQUIRE(chunks.size() == 3);
  CHECK(chunks[0].heading == "Envíos");
  CHECK(chunks[1].heading == "¿Cuánto cuesta?");
  CHECK(chunks[1].text == "Gratis desde $999.");
  CHECK(chunks[2].ordinal == 2);
  CHECK(chunk_display_text("Envíos", chunks[0]) == "Intro del artículo.");
  CHECK(chunk_display_text("Envíos", chunks[2]) == "¿Cuánto tarda?\nDe 2 a 5 días hábiles.");
}

TEST_CASE("chunk_markdown packs paragraphs and cuts long ones at sentences", "[vectorindex]") {
  std::string para;
  for (int i = 0; i < 40; ++i) para += "Esta es la frase número " + std::to_string(i) + ". ";
  auto chunks = chunk_markdown("Uno.\n\nDos.\n\n" + para, 200);
  REQUIRE(chunks.size() > 3);
  CHECK(chunks[0].text.rfind("Uno.\n\nDos.", 0) == 0);
  for (const auto& c : chunks) CHECK(c.text.size() <= 200);
  CHECK(chunk_markdown("  \n\n ").empty());
}

TEST_CASE("parse_markdown_article takes the first heading as the title", "[vectorindex]") {
  auto a = parse_markdown_article("\n# Gift cards\n\nWe sell gift cards online.\n");
  REQUIRE(a);
  CHECK(a->title == "Gift cards");
  CHECK(a->body == "We sell gift cards online.\n");
  CHECK(a->language == "en");
  auto es = parse_markdown_article("# Envíos\n\nEnviamos a toda la república en días hábiles.");
  REQUIRE(es);
  CHECK(es->language == "es");
  CHECK_FALSE(parse_markdown_article("no heading here\n# Late title\n"));
  CHECK_FALSE(parse_markdown_article(""));
  CHECK_FALSE(parse_markdown_article("# \xff\xfe bad bytes"));
  CHECK_FALSE(parse_markdown_article("# " + std::string(301, 'x')));
}
