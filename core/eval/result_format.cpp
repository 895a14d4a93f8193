#include "eval/result_format.h"

#include <cstdio>
#include <nlohmann/json.hpp>
#include <sstream>

namespace pwb::eval {
namespace {

std::string percent(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f", v * 100.0);
  return buf;
}

std::string fixed(double v, int digits) {
  char buf[48];
  std::snprintf(buf, sizeof buf, "%.*f", digits, v);
  return buf;
}

std::string markdownCell(const std::string& text) {
  std::string out;
  for (char c : text) {
    if (c == '|')
      out += "\\|";
    else if (c == '\n' || c == '\r')
      out += ' ';
    else
      out += c;
  }
  return out;
}

std::string csvField(const std::string& text) {
  if (text.find_first_of(",\"\n\r") == std::string::npos) return text;
  std::string out = "\"";
  for (char c : text) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

int maxRuns(const GridResult& grid) {
  int runs = 0;
  for (const auto& row : grid.cells) {
    for (const auto& cell : row) runs = std::max(runs, cell.accuracy.runs);
  }
  return runs;
}

std::string padRight(const std::string& s, size_t width) {
  return s.size() >= width ? s : s + std::string(width - s.size(), ' ');
}

}  // namespace

std::string gridMarkdown(const GridResult& grid) {
  const int runs = maxRuns(grid);
  std::ostringstream out;
  out << "| template |";
  for (const auto& v : grid.verbalizers) out << " " << markdownCell(v) << " |";
  out << "\n|---|";
  for (size_t i = 0; i < grid.verbalizers.size(); ++i) out << "---|";
  out << "\n";
  for (size_t t = 0; t < grid.templates.size(); ++t) {
    out << "| `" << markdownCell(grid.templates[t]) << "` |";
    for (size_t v = 0; v < grid.verbalizers.size(); ++v) {
      const auto& cell = grid.cells[t][v];
      out << " " << percent(cell.accuracy.mean);
      if (runs > 1) out << " (" << percent(cell.accuracy.populationStd) << ")";
      out << " |";
    }
    out << "\n";
  }
  if (runs > 1) {
    out << "\nAccuracy %: mean (population std, as LM-BFF) over " << runs
        << " runs; the JSON output also gives the sample std (as PET) and the median.\n";
  } else {
    out << "\nAccuracy %.\n";
  }
  return out.str();
}

std::string gridCsv(const GridResult& grid) {
  std::ostringstream out;
  out << "template";
  for (const auto& v : grid.verbalizers) out << "," << csvField(v);
  out << "\n";
  for (size_t t = 0; t < grid.templates.size(); ++t) {
    out << csvField(grid.templates[t]);
    for (size_t v = 0; v < grid.verbalizers.size(); ++v)
      out << "," << percent(grid.cells[t][v].accuracy.mean);
    out << "\n";
  }
  return out.str();
}

nlohmann::json runSummaryJson(const RunSummary& s) {
  return {{"runs", s.runs},
          {"mean", s.mean},
          {"population_std", s.populationStd},
          {"sample_std", s.sampleStd},
          {"median", s.median},
          {"min", s.min},
          {"max", s.max}};
}

nlohmann::json metricsJson(const Metrics& m) {
  nlohmann::json perClass = nlohmann::json::array();
  for (const auto& c : m.perClass) {
    perClass.push_back({{"label", c.label},
                        {"precision", c.precision},
                        {"recall", c.recall},
                        {"f1", c.f1},
                        {"support", c.support},
                        {"predicted", c.predicted}});
  }
  nlohmann::json j = {{"count", m.count},      {"correct", m.correct},  {"accuracy", m.accuracy},
                      {"macro_f1", m.macroF1}, {"per_class", perClass}, {"confusion", m.confusion}};
  if (m.unpredicted > 0) j["unpredicted"] = m.unpredicted;  // NaN/inf class scores (see CellResult)
  return j;
}

nlohmann::json cellJson(const CellResult& cell, bool withExamples) {
  nlohmann::json words = nlohmann::json::array();
  for (const auto& w : cell.words) {
    words.push_back({{"label", w.label}, {"word", w.word}, {"tokens", w.tokens}, {"ids", w.ids}});
  }
  nlohmann::json j = {
      {"template", cell.templateText}, {"verbalizer", cell.verbalizerText},    {"labels", cell.labels},
      {"label_words", words},          {"metrics", metricsJson(cell.metrics)}, {"notes", cell.notes}};
  if (!cell.prior.empty()) j["calibration_prior"] = cell.prior;
  if (withExamples) {
    nlohmann::json ex = nlohmann::json::array();
    for (const auto& e : cell.examples) {
      nlohmann::json row = {
          {"id", e.id}, {"gold", e.gold}, {"pred", e.pred}, {"scores", e.scores}, {"probs", e.probs}};
      if (!e.maskTop.empty()) {
        nlohmann::json top = nlohmann::json::array();
        for (const auto& t : e.maskTop) top.push_back({{"token", t.token}, {"id", t.id}, {"prob", t.prob}});
        row["mask_top"] = top;
      }
      if (!e.demos.empty()) row["demos"] = e.demos;  // per demonstration set, the example ids placed
      ex.push_back(row);
    }
    j["examples"] = ex;
  }
  return j;
}

nlohmann::json gridJson(const GridResult& grid, bool withExamples) {
  nlohmann::json cells = nlohmann::json::array();
  for (size_t t = 0; t < grid.templates.size(); ++t) {
    for (size_t v = 0; v < grid.verbalizers.size(); ++v) {
      const auto& cell = grid.cells[t][v];
      nlohmann::json runs = nlohmann::json::array();
      for (const auto& r : cell.runs) runs.push_back(cellJson(r, withExamples));
      cells.push_back({{"template", grid.templates[t]},
                       {"verbalizer", grid.verbalizers[v]},
                       {"accuracy", runSummaryJson(cell.accuracy)},
                       {"macro_f1", runSummaryJson(cell.macroF1)},
                       {"runs", runs}});
    }
  }
  return {{"templates", grid.templates},
          {"verbalizers", grid.verbalizers},
          {"cells", cells},
          {"timing",
           {{"encode_seconds", grid.timing.encodeSeconds},
            {"score_seconds", grid.timing.scoreSeconds},
            {"encoded_examples", grid.timing.encodedExamples},
            {"scored_example_cells", grid.timing.scoredCells}}}};
}

std::string cellReport(const CellResult& cell) {
  const auto& m = cell.metrics;
  std::ostringstream out;
  out << "template:   " << cell.templateText << "\n";
  out << "verbalizer: " << cell.verbalizerText << "\n";
  for (const auto& note : cell.notes) out << "note:       " << note << "\n";
  if (!cell.prior.empty()) {
    out << "calibration prior:";
    for (size_t c = 0; c < cell.prior.size(); ++c)
      out << " " << cell.labels[c] << "=" << fixed(cell.prior[c], 4);
    out << "\n";
  }
  out << "\nexamples:   " << m.count << "\n";
  out << "accuracy:   " << percent(m.accuracy) << " % (" << m.correct << "/" << m.count << ")\n";
  out << "macro-F1:   " << percent(m.macroF1) << " %\n\n";

  size_t labelWidth = 5;
  for (const auto& l : cell.labels) labelWidth = std::max(labelWidth, l.size());
  out << padRight("label", labelWidth) << "  precision  recall     F1  support  predicted\n";
  for (const auto& c : m.perClass) {
    char line[160];
    std::snprintf(line, sizeof line, "  %9s %7s %6s %8d %10d", percent(c.precision).c_str(),
                  percent(c.recall).c_str(), percent(c.f1).c_str(), c.support, c.predicted);
    out << padRight(c.label, labelWidth) << line << "\n";
  }
  out << "\nconfusion matrix (rows gold, columns predicted):\n" << padRight("", labelWidth);
  for (const auto& l : cell.labels) out << " " << padRight(l, 7);
  out << "\n";
  for (size_t g = 0; g < m.confusion.size(); ++g) {
    out << padRight(cell.labels[g], labelWidth);
    for (int count : m.confusion[g]) out << " " << padRight(std::to_string(count), 7);
    out << "\n";
  }
  return out.str();
}

}  // namespace pwb::eval
