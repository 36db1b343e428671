#pragma once
// A shared location as a message's attachment, written one way for every channel that carries
// one (Builderbot's `latitude`/`longitude`, WhatsApp Cloud's location message): coordinates and,
// where the channel sends them, a name and an address; never downloaded.

#include <rapidjson/document.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <initializer_list>

namespace centralita::providers {

/// Writes `{"type":"location","latitude":…,"longitude":…}`, plus each non-empty string member of
/// `place` named in `texts`, when `place` is an object with numeric `latitude` and `longitude`;
/// otherwise writes nothing and answers false.
bool write_location(rapidjson::Writer<rapidjson::StringBuffer>& w, const rapidjson::Value& place,
                    std::initializer_list<const char*> texts = {});

}  // namespace centralita::providers
