#include "model/safetensors_reader.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cstring>
#include <nlohmann/json.hpp>

#include "common/error.h"

namespace pwb::model {
namespace {

struct DtypeInfo {
  const char* name;
  StoredDtype dtype;
  size_t size;
};
constexpr DtypeInfo kDtypes[] = {{"F64", StoredDtype::F64, 8},         {"F32", StoredDtype::F32, 4},
                                 {"F16", StoredDtype::F16, 2},         {"BF16", StoredDtype::BF16, 2},
                                 {"I64", StoredDtype::I64, 8},         {"I32", StoredDtype::I32, 4},
                                 {"I16", StoredDtype::I16, 2},         {"I8", StoredDtype::I8, 1},
                                 {"U8", StoredDtype::U8, 1},           {"BOOL", StoredDtype::BOOL, 1},
                                 {"F8_E4M3", StoredDtype::F8_E4M3, 1}, {"F8_E5M2", StoredDtype::F8_E5M2, 1}};

std::string shapeText(const std::vector<int64_t>& s) {
  std::string out = "[";
  for (size_t i = 0; i < s.size(); ++i) out += (i ? ", " : "") + std::to_string(s[i]);
  return out + "]";
}

int64_t mtimeNs(const struct stat& st) {
  return static_cast<int64_t>(st.st_mtim.tv_sec) * 1000000000 + st.st_mtim.tv_nsec;
}

// pread until `size` bytes are in or the file ends; returns how many were read. EINTR is retried.
uint64_t preadAll(int fd, void* dst, uint64_t size, uint64_t offset) {
  uint64_t done = 0;
  auto* out = static_cast<uint8_t*>(dst);
  while (done < size) {
    const size_t chunk = static_cast<size_t>(std::min<uint64_t>(size - done, uint64_t(1) << 30));
    const ssize_t n = ::pread(fd, out + done, chunk, static_cast<off_t>(offset + done));
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return done;  // errno says why
    if (n == 0) break;       // end of file
    done += static_cast<uint64_t>(n);
  }
  return done;
}

uint64_t readLe64(const uint8_t* p) {
  uint64_t v = 0;
  for (int i = 7; i >= 0; --i) v = (v << 8) | p[i];
  return v;
}

}  // namespace

const char* dtypeName(StoredDtype d) {
  for (const auto& i : kDtypes)
    if (i.dtype == d) return i.name;
  return "?";
}

size_t dtypeSize(StoredDtype d) {
  for (const auto& i : kDtypes)
    if (i.dtype == d) return i.size;
  return 0;
}

bool isFloatWeightDtype(StoredDtype d) {
  return d == StoredDtype::F32 || d == StoredDtype::F16 || d == StoredDtype::BF16;
}

int64_t TensorEntry::numel() const {
  int64_t n = 1;
  for (int64_t d : shape) n *= d;
  return n;
}

SafetensorsFile::SafetensorsFile(const std::string& path) : path_(path) {
  fd_ = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd_ < 0) throw fileError(path, std::string("cannot open weights file: ") + std::strerror(errno));
  try {
    struct stat st {};
    if (::fstat(fd_, &st) != 0 || !S_ISREG(st.st_mode)) throw fileError(path, "not a regular file");
    fileSize_ = static_cast<uint64_t>(st.st_size);
    mtimeNs_ = mtimeNs(st);
    if (fileSize_ < 8)
      throw fileError(path, "file is too short to be a safetensors file (" + std::to_string(fileSize_) +
                                " bytes; truncated?)");
    uint8_t lenBytes[8];
    if (preadAll(fd_, lenBytes, 8, 0) != 8)
      throw fileError(path, std::string("cannot read the safetensors header: ") + std::strerror(errno));
    const uint64_t headerLen = readLe64(lenBytes);
    if (headerLen < 2 || headerLen > kMaxHeaderBytes)
      throw fileError(path, "safetensors header length " + std::to_string(headerLen) +
                                " is absurd (not a safetensors file, or corrupt)");
    if (headerLen > fileSize_ - 8)
      throw fileError(path, "safetensors header length " + std::to_string(headerLen) +
                                " exceeds the file size (" + std::to_string(fileSize_) +
                                " bytes; truncated?)");
    std::string headerText(static_cast<size_t>(headerLen), '\0');
    if (preadAll(fd_, headerText.data(), headerLen, 8) != headerLen)
      throw fileError(path, "the safetensors header could not be read whole (file truncated while opening?)");
    dataOffset_ = 8 + headerLen;
    const uint64_t dataSize = fileSize_ - 8 - headerLen;

    nlohmann::json header;
    try {
      header = nlohmann::json::parse(headerText);
    } catch (const nlohmann::json::exception& e) {
      throw fileError(path, std::string("safetensors header is not valid JSON: ") + e.what());
    }
    if (!header.is_object()) throw fileError(path, "safetensors header must be a JSON object");

    for (auto it = header.begin(); it != header.end(); ++it) {
      const std::string& name = it.key();
      const auto& v = it.value();
      if (name == "__metadata__") {
        if (!v.is_object()) throw keyError(path, name, "__metadata__ must be an object of strings");
        for (auto m2 = v.begin(); m2 != v.end(); ++m2) {
          if (!m2.value().is_string())
            throw keyError(path, "__metadata__." + m2.key(), "metadata values must be strings");
          metadata_[m2.key()] = m2.value().get<std::string>();
        }
        continue;
      }
      if (!v.is_object()) throw keyError(path, name, "tensor entry must be an object");
      auto dt = v.find("dtype");
      auto sh = v.find("shape");
      auto off = v.find("data_offsets");
      if (dt == v.end() || !dt->is_string()) throw keyError(path, name, "tensor entry has no string 'dtype'");
      if (sh == v.end() || !sh->is_array()) throw keyError(path, name, "tensor entry has no 'shape' array");
      if (off == v.end() || !off->is_array() || off->size() != 2)
        throw keyError(path, name, "tensor entry has no 'data_offsets' pair");

      TensorEntry e;
      e.name = name;
      const std::string dts = dt->get<std::string>();
      const DtypeInfo* info = nullptr;
      for (const auto& i : kDtypes)
        if (dts == i.name) info = &i;
      if (!info)
        throw keyError(path, name, "unknown dtype '" + dts + "' (supported weights: F32, F16, BF16)");
      e.dtype = info->dtype;

      if (sh->size() > 8)
        throw keyError(path, name, "tensor has " + std::to_string(sh->size()) + " dimensions");
      uint64_t numel = 1;
      for (const auto& d : *sh) {
        if (!d.is_number_unsigned())
          throw keyError(path, name, "shape entries must be non-negative integers");
        const uint64_t dim = d.get<uint64_t>();
        if (dim > (uint64_t(1) << 40) || (dim != 0 && numel > (uint64_t(1) << 50) / dim))
          throw keyError(path, name,
                         "shape " + shapeText(e.shape) + " followed by " + std::to_string(dim) +
                             " is absurdly large");  // not sh->dump(): it recurses into hostile nesting
        numel *= dim;
        e.shape.push_back(static_cast<int64_t>(dim));
      }
      if (!(*off)[0].is_number_unsigned() || !(*off)[1].is_number_unsigned())
        throw keyError(path, name, "data_offsets must be non-negative integers");
      e.begin = (*off)[0].get<uint64_t>();
      e.end = (*off)[1].get<uint64_t>();
      if (e.end < e.begin)
        throw keyError(path, name,
                       "data_offsets [" + std::to_string(e.begin) + ", " + std::to_string(e.end) +
                           "] end before they begin");
      const uint64_t want = numel * info->size;
      if (e.end - e.begin != want)
        throw keyError(path, name,
                       "data_offsets [" + std::to_string(e.begin) + ", " + std::to_string(e.end) + "] hold " +
                           std::to_string(e.end - e.begin) + " bytes but dtype " + dts + " x shape " +
                           shapeText(e.shape) + " needs " + std::to_string(want));
      if (e.end > dataSize)
        throw keyError(path, name,
                       "data_offsets [" + std::to_string(e.begin) + ", " + std::to_string(e.end) +
                           "] extend beyond the end of the data section (" + std::to_string(dataSize) +
                           " bytes; file truncated?)");
      index_[name] = tensors_.size();
      tensors_.push_back(std::move(e));
    }

    // Two tensors must never share bytes: a crafted file could otherwise alias weights.
    std::vector<const TensorEntry*> byOffset;
    for (const auto& t : tensors_)
      if (t.end > t.begin) byOffset.push_back(&t);
    std::sort(byOffset.begin(), byOffset.end(),
              [](const TensorEntry* a, const TensorEntry* b) { return a->begin < b->begin; });
    for (size_t i = 1; i < byOffset.size(); ++i)
      if (byOffset[i]->begin < byOffset[i - 1]->end)
        throw keyError(path, byOffset[i]->name,
                       "tensor data overlaps tensor '" + byOffset[i - 1]->name + "' (bytes " +
                           std::to_string(byOffset[i]->begin) + " < " + std::to_string(byOffset[i - 1]->end) +
                           ")");
  } catch (...) {
    ::close(fd_);
    fd_ = -1;
    throw;
  }
}

SafetensorsFile::~SafetensorsFile() {
  if (fd_ >= 0) ::close(fd_);
}

void SafetensorsFile::read(const TensorEntry& e, void* dst) const {
  const uint64_t size = e.end - e.begin;
  if (size == 0) return;
  struct stat st {};
  if (::fstat(fd_, &st) != 0)
    throw keyError(path_, e.name, std::string("cannot read the weights file: ") + std::strerror(errno));
  if (static_cast<uint64_t>(st.st_size) != fileSize_ || mtimeNs(st) != mtimeNs_)
    throw keyError(path_, e.name,
                   "the file changed since it was opened (" + std::to_string(fileSize_) + " bytes then, " +
                       std::to_string(st.st_size) +
                       " now): another program truncated or rewrote it; open the model again");
  errno = 0;
  const uint64_t got = preadAll(fd_, dst, size, dataOffset_ + e.begin);
  if (got != size)
    throw keyError(
        path_, e.name,
        "could read only " + std::to_string(got) + " of " + std::to_string(size) + " bytes" +
            (errno ? std::string(": ") + std::strerror(errno) : std::string(" (file truncated?)")));
}

std::vector<uint8_t> SafetensorsFile::bytes(const TensorEntry& e) const {
  std::vector<uint8_t> out(e.end - e.begin);
  read(e, out.data());
  return out;
}

const TensorEntry* SafetensorsFile::find(const std::string& name) const {
  auto it = index_.find(name);
  return it == index_.end() ? nullptr : &tensors_[it->second];
}

}  // namespace pwb::model
