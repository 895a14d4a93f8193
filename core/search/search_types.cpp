// The search method names of search_types.h, apart from the search itself (template_search.cpp needs
// LibTorch): the project-file glue (search_record.cpp) and the fuzz target read them without it.
#include "search/search_types.h"

#include "common/error.h"

namespace pwb::search {

const char* searchMethodName(SearchMethod m) {
  switch (m) {
    case SearchMethod::AutoPrompt:
      return "autoprompt";
    case SearchMethod::Generate:
      return "generate";
    case SearchMethod::LmBffList:
      return "lmbff-list";
  }
  return "autoprompt";
}

SearchMethod parseSearchMethod(const std::string& name) {
  for (SearchMethod m : {SearchMethod::AutoPrompt, SearchMethod::Generate, SearchMethod::LmBffList}) {
    if (name == searchMethodName(m)) return m;
  }
  throw Error("unknown search method '" + name + "' (expected autoprompt, generate or lmbff-list)");
}

}  // namespace pwb::search
