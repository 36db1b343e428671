#include "ai/reliability_svg.hpp"

#include <algorithm>
#include <cstdio>

namespace centralita::ai {

namespace {

constexpr double left = 60, top = 20, side = 320;  // the plot's square, in SVG units
constexpr const char* colors[] = {"#1f6feb", "#d9480f", "#2f9e44", "#9c36b5", "#495057"};

std::string num(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f", v);
  return buf;
}

double x_of(double confidence) { return left + confidence * side; }
double y_of(double accuracy) { return top + (1 - accuracy) * side; }

std::string escape(const std::string& text) {
  std::string out;
  for (char c : text) {
    if (c == '<') {
      out += "&lt;";
    } else if (c == '>') {
      out += "&gt;";
    } else if (c == '&') {
      out += "&amp;";
    } else {
      out += c;
    }
  }
  return out;
}

}  // namespace

std::string reliability_svg(const std::vector<reliability_series>& series) {
  const double width = left + side + 230, height = top + side + 50;
  std::string s = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" + num(width) +
                  "\" height=\"" + num(height) +
                  "\" font-family=\"sans-serif\" font-size=\"12\">\n";
  s += "<rect width=\"100%\" height=\"100%\" fill=\"#fff\"/>\n";
  // Grid and axes, every 0.2.
  for (int i = 0; i <= 5; ++i) {
    const double v = i / 5.0;
    s += "<line x1=\"" + num(x_of(v)) + "\" y1=\"" + num(top) + "\" x2=\"" + num(x_of(v)) +
         "\" y2=\"" + num(top + side) + "\" stroke=\"#e9ecef\"/>\n";
    s += "<line x1=\"" + num(left) + "\" y1=\"" + num(y_of(v)) + "\" x2=\"" + num(left + side) +
         "\" y2=\"" + num(y_of(v)) + "\" stroke=\"#e9ecef\"/>\n";
    s += "<text x=\"" + num(x_of(v)) + "\" y=\"" + num(top + side + 16) +
         "\" text-anchor=\"middle\">" + num(v) + "</text>\n";
    s += "<text x=\"" + num(left - 8) + "\" y=\"" + num(y_of(v) + 4) + "\" text-anchor=\"end\">" +
         num(v) + "</text>\n";
  }
  s += "<rect x=\"" + num(left) + "\" y=\"" + num(top) + "\" width=\"" + num(side) +
       "\" height=\"" + num(side) + "\" fill=\"none\" stroke=\"#868e96\"/>\n";
  s += "<line x1=\"" + num(x_of(0)) + "\" y1=\"" + num(y_of(0)) + "\" x2=\"" + num(x_of(1)) +
       "\" y2=\"" + num(y_of(1)) + "\" stroke=\"#adb5bd\" stroke-dasharray=\"4 4\"/>\n";
  s += "<text x=\"" + num(left + side / 2) + "\" y=\"" + num(top + side + 36) +
       "\" text-anchor=\"middle\">confidence (mean of the bin)</text>\n";
  s += "<text transform=\"translate(16 " + num(top + side / 2) +
       ") rotate(-90)\" text-anchor=\"middle\">accuracy</text>\n";
  // One line per set, a dot per non-empty bin (its area grows with the answers it holds).
  for (size_t k = 0; k < series.size(); ++k) {
    const char* color = colors[k % (sizeof colors / sizeof *colors)];
    std::string points;
    std::string dots;
    int most = 1;
    for (const auto& b : series[k].bins) most = std::max(most, b.count);
    for (const auto& b : series[k].bins) {
      if (b.count == 0) continue;
      const auto x = num(x_of(b.mean_confidence)), y = num(y_of(b.accuracy));
      points += (points.empty() ? "" : " ") + x + "," + y;
      const double r = 2.5 + 5.5 * static_cast<double>(b.count) / most;
      dots += "<circle cx=\"" + x + "\" cy=\"" + y + "\" r=\"" + num(r) + "\" fill=\"" + color +
              "\" fill-opacity=\"0.7\"/>\n";
    }
    s += "<polyline points=\"" + points + "\" fill=\"none\" stroke=\"" + color +
         "\" stroke-width=\"2\"/>\n" + dots;
    const double ly = top + 14 + 20 * static_cast<double>(k);
    char ece[32];
    std::snprintf(ece, sizeof ece, "%.3f", series[k].ece);
    s += "<rect x=\"" + num(left + side + 16) + "\" y=\"" + num(ly - 9) +
         "\" width=\"12\" height=\"12\" fill=\"" + color + "\"/>\n";
    s += "<text x=\"" + num(left + side + 34) + "\" y=\"" + num(ly + 1) + "\">" +
         escape(series[k].name) + " (ECE " + ece + ")</text>\n";
  }
  return s + "</svg>\n";
}

}  // namespace centralita::ai
