#include "tiny_task.h"

namespace tinytask {

std::vector<pwb::train::TaskExample> examples(int count, int offset) {
  // tiny-bert ids: [CLS]=2 [SEP]=3 [MASK]=4 .=6 the=55 is=56 it=59 was=64 very=177
  const long long subjects[] = {91, 167, 174, 89};  // film movie story acting
  const long long positive[] = {189, 92, 164};      // wonderful great like
  const long long negative[] = {93, 159};           // terrible boring
  std::vector<pwb::train::TaskExample> out;
  for (int j = 0; j < count; ++j) {
    const int i = j + offset;
    pwb::train::TaskExample ex;
    ex.label = i % 2;
    std::vector<int64_t> sentence = {55, subjects[i % 4], 56};
    if ((i / 2) % 2 == 0) sentence.push_back(177);
    sentence.push_back(ex.label == 1 ? positive[(i / 2) % 3] : negative[(i / 2) % 2]);
    sentence.push_back(6);
    ex.plain.ids = {2};
    ex.plain.ids.insert(ex.plain.ids.end(), sentence.begin(), sentence.end());
    ex.plain.ids.push_back(3);
    ex.prompt.ids = {2};
    ex.prompt.ids.insert(ex.prompt.ids.end(), sentence.begin(), sentence.end());
    ex.prompt.maskPos = static_cast<int64_t>(ex.prompt.ids.size()) + 2;
    for (long long id : {59LL, 64LL, 4LL, 6LL, 3LL}) ex.prompt.ids.push_back(id);
    ex.plain.typeIds.assign(ex.plain.ids.size(), 0);
    ex.prompt.typeIds.assign(ex.prompt.ids.size(), 0);
    out.push_back(ex);
  }
  return out;
}

}  // namespace tinytask
