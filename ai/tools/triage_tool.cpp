// centralita-triage-tool: `train` turns labelled JSONL files into a model file, `eval` scores a
// model on labelled JSONL files (ai/README.md).
#include <CLI/CLI.hpp>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "ai/calibration.hpp"
#include "ai/dataset.hpp"
#include "ai/evaluation.hpp"
#include "ai/reliability_svg.hpp"
#include "ai/training.hpp"
#include "ai/triage.hpp"
#include "common/json_text.hpp"

namespace {

using namespace centralita;
using namespace centralita::ai;

int fail(const std::string& message) {
  std::fprintf(stderr, "centralita-triage-tool: %s\n", message.c_str());
  return 1;
}

result<std::vector<labelled_text>> read_all(const std::vector<std::string>& paths) {
  std::vector<labelled_text> all;
  for (const auto& p : paths) {
    auto part = read_labelled(p);
    if (!part) return part.error();
    all.insert(all.end(), part->begin(), part->end());
  }
  return all;
}

struct train_args {
  std::vector<std::string> train;
  std::vector<std::string> calib;
  std::string out = "ai/model/triage.model";
  train_options options;
};

int run_train(const train_args& a) {
  auto start = std::chrono::steady_clock::now();
  auto train = read_all(a.train);
  if (!train) return fail(train.error().message);
  auto calib = read_all(a.calib);
  if (!calib) return fail(calib.error().message);
  auto model = train_model(*train, a.options);
  if (!model) return fail(model.error().message);
  if (!calib->empty()) model->temperature = fit_temperature(*model, *calib);
  std::ofstream out{a.out, std::ios::binary | std::ios::trunc};
  if (!out) return fail("cannot write " + a.out);
  out << serialize_model(*model);
  if (!out.flush()) return fail("cannot write " + a.out);
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::printf(
      "{\"train_messages\":%zu,\"calibration_messages\":%zu,\"temperature\":%.4f,"
      "\"seconds\":%.2f,\"model\":%s}\n",
      train->size(), calib->size(), model->temperature, seconds, json_string(a.out).c_str());
  return 0;
}

// Prints each misclassified message: true label, predicted label, confidence, text.
void print_errors(const triage_model& model, const std::vector<labelled_text>& data) {
  for (const auto& d : data) {
    auto t = model.classify(d.text);
    if (t.category != d.label) {
      std::printf("  %-9s -> %-9s %.2f %s | %s\n", d.label.c_str(), t.category.c_str(),
                  t.confidence, t.rule.c_str(), d.text.c_str());
    }
  }
}

int run_eval(const std::string& model_path, const std::vector<std::string>& files, bool show_errors,
             const std::string& svg_path) {
  std::vector<reliability_series> series;
  auto loaded = model_path.empty() ? result<triage_model>{triage_model::builtin()}
                                   : triage_model::load_file(model_path);
  if (!loaded) return fail(loaded.error().message);
  std::string summary = "{\"files\":[";
  for (std::size_t i = 0; i < files.size(); ++i) {
    auto data = read_labelled(files[i]);
    if (!data) return fail(data.error().message);
    if (show_errors) print_errors(*loaded, *data);
    auto r = evaluate(*loaded, *data);
    std::printf("== %s\n%s\n", files[i].c_str(), format_report(r).c_str());
    series.push_back({std::filesystem::path{files[i]}.stem().string(), r.reliability, r.ece});
    char buf[256];
    std::snprintf(buf, sizeof buf,
                  "{\"file\":%s,\"messages\":%d,\"accuracy\":%.4f,\"macro_f1\":%.4f,"
                  "\"ece\":%.4f,\"messages_per_second\":%.0f}",
                  json_string(files[i]).c_str(), r.messages, r.accuracy, r.macro_f1, r.ece,
                  r.messages_per_second);
    summary += (i > 0 ? "," : "") + std::string{buf};
  }
  summary += "]}";
  std::printf("%s\n", summary.c_str());
  if (!svg_path.empty()) {
    std::ofstream out{svg_path};
    out << reliability_svg(series);
    if (!out) return fail("cannot write " + svg_path);
  }
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"centralita-triage-tool: train and evaluate the local triage model"};
  app.require_subcommand(1);

  train_args t;
  auto* train = app.add_subcommand("train", "train a model from labelled JSONL files");
  train->add_option("--train", t.train, "labelled JSONL files to learn from")->required();
  train->add_option("--calib", t.calib, "labelled JSONL files to fit the temperature on");
  train->add_option("--out", t.out, "model file to write")->capture_default_str();
  train->add_option("--seed", t.options.seed, "shuffling seed")->capture_default_str();
  train->add_option("--epochs", t.options.epochs, "passes over the data")
      ->check(CLI::Range(1, 200))
      ->capture_default_str();
  train->add_option("--learning-rate", t.options.learning_rate, "initial SGD step")
      ->capture_default_str();
  train->add_option("--l2", t.options.l2, "L2 penalty")->capture_default_str();
  train->add_option("--runs", t.options.runs, "runs averaged (seeds seed, seed+1, ...)")
      ->check(CLI::Range(1, 50))
      ->capture_default_str();
  train->add_option("--buckets-log2", t.options.features.buckets_log2, "2^N hash buckets")
      ->check(CLI::Range(8, 22))
      ->capture_default_str();
  train->add_option("--char-min", t.options.features.char_min, "shortest character n-gram")
      ->check(CLI::Range(1, 8))
      ->capture_default_str();
  train->add_option("--char-max", t.options.features.char_max, "longest character n-gram")
      ->check(CLI::Range(1, 8))
      ->capture_default_str();

  std::string model_path;
  std::vector<std::string> files;
  auto* eval = app.add_subcommand("eval", "score a model on labelled JSONL files");
  eval->add_option("--model", model_path, "model file (default: the embedded model)");
  eval->add_option("files", files, "labelled JSONL files")->required();
  bool show_errors = false;
  eval->add_flag("--errors", show_errors, "print every misclassified message");
  std::string svg_path;
  eval->add_option("--reliability-svg", svg_path,
                   "also write the reliability diagram of every file as an SVG picture");

  CLI11_PARSE(app, argc, argv);
  if (train->parsed()) return run_train(t);
  if (eval->parsed()) return run_eval(model_path, files, show_errors, svg_path);
  return 0;
}
