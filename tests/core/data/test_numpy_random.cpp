// NumPy's legacy RandomState rebuilt in C++ (data/numpy_random.h) against draws made by NumPy itself.
// Every constant below came from NumPy 1.24.2 (Debian bookworm python3-numpy 1:1.24.2-1+deb12u1),
// Python 3.11, with the Python line quoted above it. The MD5 vectors are RFC 1321's.
#include <QtTest>

#include "data/md5.h"
#include "data/numpy_random.h"

using namespace pwb::data;

namespace {

const std::vector<uint32_t> kSeeds = {13, 21, 42, 87, 100};

}  // namespace

class TestNumpyRandom : public QObject {
  Q_OBJECT
 private slots:
  void mersenneTwisterReference() {
    // np.random.RandomState(5489).randint(0, 2**32, size=3, dtype=np.uint32): the raw 32-bit outputs,
    // 3499211612 being MT19937's reference first output for init_genrand(5489).
    NumpyLegacyRandom rng(5489);
    QCOMPARE(rng.nextUint32(), 3499211612U);
    QCOMPARE(rng.nextUint32(), 581869302U);
    QCOMPARE(rng.nextUint32(), 3890346734U);
  }

  void seedingAndFirstDrawsPerLmBffSeed() {
    // list(np.random.RandomState(s).get_state()[1][:3]) and
    // list(np.random.RandomState(s).randint(0, 2**32, size=5, dtype=np.uint32)) for s in 13 21 42 87 100
    const std::vector<std::array<uint32_t, 3>> keys = {{13, 2086795810, 477719249},
                                                       {21, 3701359946, 1854170831},
                                                       {42, 3107752595, 1895908407},
                                                       {87, 3062870356, 233962736},
                                                       {100, 854698869, 2051883563}};
    const std::vector<std::array<uint32_t, 5>> draws = {
        {3340206418U, 2608511152U, 1020231754U, 3691240976U, 3540249318U},
        {209271753U, 3432846543U, 1241716536U, 2919899908U, 3096526896U},
        {1608637542U, 3421126067U, 4083286876U, 787846414U, 3143890026U},
        {2818633190U, 3907297613U, 4101270203U, 1174093967U, 4169880827U},
        {2333906440U, 2882591512U, 1195587395U, 1769725799U, 1823289175U}};
    for (size_t s = 0; s < kSeeds.size(); ++s) {
      NumpyLegacyRandom rng(kSeeds[s]);
      for (size_t i = 0; i < 3; ++i) QCOMPARE(rng.key()[i], keys[s][i]);
      for (size_t i = 0; i < 5; ++i) QCOMPARE(rng.nextUint32(), draws[s][i]);
    }
  }

  void boundedDrawsMatchRandint() {
    // Legacy randint with dtype=np.int64 draws with the same masked rejection as random_interval (32-bit
    // draws up to 2^32 - 1, 64-bit draws above), so it pins interval(max) for max = high - 1.
    // np.random.RandomState(42).randint(0, 7, size=10, dtype=np.int64).tolist()
    NumpyLegacyRandom a(42);
    for (uint64_t v : {6, 3, 4, 6, 2, 4, 4, 6, 1, 2}) QCOMPARE(a.interval(6), v);
    // np.random.RandomState(100).randint(0, 1000, size=10, dtype=np.int64).tolist()
    NumpyLegacyRandom b(100);
    for (uint64_t v : {520, 792, 835, 871, 855, 79, 944, 906, 350, 948}) QCOMPARE(b.interval(999), v);
    // np.random.RandomState(42).randint(0, 2**33 + 5, size=5, dtype=np.int64).tolist(): the 64-bit branch
    NumpyLegacyRandom c(42);
    for (uint64_t v : {787846414ULL, 2563451924ULL, 4537253172ULL, 7395928407ULL, 4298312065ULL})
      QCOMPARE(c.interval((1ULL << 33) + 4), v);
    QCOMPARE(c.interval(0), uint64_t(0));
  }

  void shuffleOfTen() {
    // a = list(range(10)); np.random.seed(s); np.random.shuffle(a)   (a Python list, as LM-BFF shuffles)
    const std::vector<std::vector<int>> expected = {{3, 5, 6, 1, 4, 7, 8, 9, 0, 2},
                                                    {1, 2, 7, 3, 5, 6, 0, 4, 8, 9},
                                                    {8, 1, 5, 0, 7, 2, 9, 4, 3, 6},
                                                    {2, 4, 7, 5, 1, 0, 3, 8, 9, 6},
                                                    {7, 6, 1, 5, 4, 2, 0, 3, 9, 8}};
    for (size_t s = 0; s < kSeeds.size(); ++s) {
      std::vector<int> v(10);
      for (int i = 0; i < 10; ++i) v[static_cast<size_t>(i)] = i;
      NumpyLegacyRandom rng(kSeeds[s]);
      rng.shuffle(v);
      QCOMPARE(v, expected[s]);
    }
  }

  void shuffleOfThousand() {
    // a = list(range(1000)); np.random.seed(s); np.random.shuffle(a)
    // first 20 entries: a[:20]; checksum: sum(i * x for i, x in enumerate(a))
    const std::vector<std::vector<int>> first = {
        {945, 452, 304, 433, 864, 291, 986, 923, 260, 546, 591, 390, 407, 261, 594, 618, 196, 78, 765, 644},
        {492, 383, 856, 834, 603, 712, 126, 290, 549, 169, 689, 406, 516, 529, 508, 715, 438, 625, 925, 110},
        {521, 737, 740, 660, 411, 678, 626, 513, 859, 136, 811, 76, 636, 973, 938, 899, 280, 883, 761, 319},
        {65, 389, 654, 602, 997, 989, 920, 855, 465, 995, 370, 11, 613, 245, 622, 85, 575, 263, 433, 159},
        {249, 353, 537, 424, 564, 124, 492, 553, 982, 935, 633, 771, 146, 672, 727, 395, 330, 923, 315, 629}};
    const std::vector<int64_t> weighted = {251886741, 250455918, 251374799, 249513058, 253834003};
    for (size_t s = 0; s < kSeeds.size(); ++s) {
      std::vector<int> v(1000);
      for (int i = 0; i < 1000; ++i) v[static_cast<size_t>(i)] = i;
      NumpyLegacyRandom rng(kSeeds[s]);
      rng.shuffle(v);
      QCOMPARE(std::vector<int>(v.begin(), v.begin() + 20), first[s]);
      int64_t sum = 0;
      for (size_t i = 0; i < v.size(); ++i) sum += static_cast<int64_t>(i) * v[i];
      QCOMPARE(sum, weighted[s]);
    }
  }

  void md5Rfc1321Vectors() {
    QCOMPARE(md5Hex(""), std::string("d41d8cd98f00b204e9800998ecf8427e"));
    QCOMPARE(md5Hex("abc"), std::string("900150983cd24fb0d6963f7d28e17f72"));
    QCOMPARE(md5Hex("message digest"), std::string("f96b697d7cb7938d525a2f31aaf161d0"));
    QCOMPARE(md5Hex("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"),
             std::string("d174ab98d277d9f5a5611c2c9f419d9f"));
    QCOMPARE(md5Hex("12345678901234567890123456789012345678901234567890123456789012345678901234567890"),
             std::string("57edf4a22be3c955ac49da2e2107b67a"));
  }
};

QTEST_APPLESS_MAIN(TestNumpyRandom)
#include "test_numpy_random.moc"
