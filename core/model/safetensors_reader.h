#pragma once
// A validating reader of one .safetensors file. The file is untrusted: the header length, the header JSON,
// every dtype, shape and offset are checked before any tensor byte is read, so a truncated or hostile file
// yields a pwb::Error naming the file and tensor, never a crash.
//
// Tensor bytes are read with pread from the descriptor opened by the constructor, not through a memory
// mapping: another program truncating the file between open and read (a sync tool, a download rewriting
// it) made a mapped read die of SIGBUS; pread instead returns short and the reader reports the file. The
// copy costs nothing extra: loaders copied every tensor out of the mapping anyway (alignment, dtype).
#include <cstddef>
#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace pwb::model {

// Every dtype of the safetensors format is recognised for validation (so that e.g. an int64 position_ids
// buffer in an old checkpoint is accepted and ignored); only F32/F16/BF16 tensors can become weights.
enum class StoredDtype { F64, F32, F16, BF16, I64, I32, I16, I8, U8, BOOL, F8_E4M3, F8_E5M2 };

const char* dtypeName(StoredDtype d);
size_t dtypeSize(StoredDtype d);
bool isFloatWeightDtype(StoredDtype d);  // F32, F16, BF16

struct TensorEntry {
  std::string name;
  StoredDtype dtype = StoredDtype::F32;
  std::vector<int64_t> shape;
  uint64_t begin = 0;  // byte offsets inside the data section (after the header)
  uint64_t end = 0;
  int64_t numel() const;
};

class SafetensorsFile {
 public:
  // Opens and validates the file; throws pwb::Error naming the file (and the tensor) on any problem.
  explicit SafetensorsFile(const std::string& path);
  ~SafetensorsFile();
  SafetensorsFile(const SafetensorsFile&) = delete;
  SafetensorsFile& operator=(const SafetensorsFile&) = delete;

  const std::string& path() const { return path_; }
  const std::vector<TensorEntry>& tensors() const { return tensors_; }  // in header order
  const TensorEntry* find(const std::string& name) const;               // nullptr when absent
  const std::map<std::string, std::string>& metadata() const { return metadata_; }
  // Copies the tensor's e.end - e.begin bytes into dst. Throws pwb::Error naming the file and tensor when
  // the file was truncated or rewritten since it was opened (size or modification time changed) or cannot
  // be read.
  void read(const TensorEntry& e, void* dst) const;
  std::vector<uint8_t> bytes(const TensorEntry& e) const;  // the same into a new buffer
  uint64_t fileSize() const { return fileSize_; }          // as validated at open
  uint64_t dataOffset() const { return dataOffset_; }  // file offset of the data section (8 + header length)

  // Largest header accepted: real headers are a few hundred KB even for huge models.
  static constexpr uint64_t kMaxHeaderBytes = uint64_t(100) << 20;

 private:
  std::string path_;
  int fd_ = -1;
  uint64_t fileSize_ = 0;
  int64_t mtimeNs_ = 0;  // modification time at open: a same-size rewrite is noticed too
  uint64_t dataOffset_ = 0;
  std::vector<TensorEntry> tensors_;
  std::map<std::string, size_t> index_;
  std::map<std::string, std::string> metadata_;
};

}  // namespace pwb::model
