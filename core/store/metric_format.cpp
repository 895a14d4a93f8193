#include "store/metric_format.h"

#include <cmath>
#include <cstdio>

namespace pwb::store {

bool isRateMetric(const std::string& key) {
  // "p_at_": knowledge probing's precision at k (test_p_at_1, dev_p_at_1), shown in percent as LAMA does.
  return key.find("acc") != std::string::npos || key.find("f1") != std::string::npos ||
         key.find("p_at_") != std::string::npos;
}

std::string formatMetric(const std::string& key, double value) {
  if (std::isnan(value)) return "";
  char buf[48];
  if (isRateMetric(key)) {
    std::snprintf(buf, sizeof buf, "%.1f", 100.0 * value);
  } else if (std::isfinite(value) && value == std::floor(value) && std::fabs(value) < 1e15) {
    std::snprintf(buf, sizeof buf, "%.0f", value);
  } else {
    std::snprintf(buf, sizeof buf, "%.4g", value);
  }
  return buf;
}

std::string metricHeader(const std::string& key) {
  return isRateMetric(key) ? key + " (%)" : key;
}

}  // namespace pwb::store
