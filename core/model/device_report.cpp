#include "model/device_report.h"

#include <torch/torch.h>
#include <torch/version.h>

#include <algorithm>
#include <sstream>
#include <thread>

#include "common/blas_tuning.h"

// Device names and compute capabilities need the CUDA runtime's headers, which a CPU-only LibTorch (Debian's)
// does not ship; without them the report names devices by index.
#if __has_include(<cuda_runtime_api.h>) && __has_include(<ATen/cuda/CUDAContext.h>)
#include <ATen/cuda/CUDAContext.h>
#define PWB_HAVE_CUDA_HEADERS 1
#endif

#if defined(__x86_64__) || defined(__i386__)
#include <cpuid.h>
#endif

namespace pwb::model {
namespace {

bool cudaCompiledIn() {
  try {
    // The default (CPU-only) hooks throw here; a CUDA build answers with its configuration.
    (void)at::detail::getCUDAHooks().showConfig();
    return true;
  } catch (...) {
    return false;
  }
}

}  // namespace

// AVX512-BF16 (CPUID.(EAX=7,ECX=1):EAX[5]) or AMX-BF16 (CPUID.(EAX=7,ECX=0):EDX[22]): oneDNN then runs bf16
// matmuls natively instead of converting to fp32.
bool cpuHasNativeBf16() {
#if defined(__x86_64__) || defined(__i386__)
  unsigned a = 0, b = 0, c = 0, d = 0;
  if (__get_cpuid_count(7, 0, &a, &b, &c, &d) && (d & (1u << 22))) return true;
  if (__get_cpuid_count(7, 1, &a, &b, &c, &d) && (a & (1u << 5))) return true;
#endif
  return false;
}

DeviceReport deviceReport() {
  DeviceReport r;
  r.torchVersion = TORCH_VERSION;
  r.hardwareThreads = int(std::max(1u, std::thread::hardware_concurrency()));
  // Workers call setComputeThreads(0): one intra-op thread per hardware thread.
  r.cpuThreads = r.hardwareThreads;
  r.blasCore = pwb::common::blasCoreName();
  r.cpuBf16 = at::hasMKLDNN();
  r.cpuBf16Native = cpuHasNativeBf16();
  try {
    r.cudaBuilt = cudaCompiledIn();
    r.cudaAvailable = torch::cuda::is_available();
    r.cudaDeviceCount = r.cudaAvailable ? int(torch::cuda::device_count()) : 0;
    for (int i = 0; i < r.cudaDeviceCount; ++i) {
      CudaDeviceInfo d;
      d.index = i;
      d.name = "CUDA device " + std::to_string(i);
#ifdef PWB_HAVE_CUDA_HEADERS
      const cudaDeviceProp* p = at::cuda::getDeviceProperties(i);
      d.name = p->name;
      d.memoryGiB = double(p->totalGlobalMem) / (1024.0 * 1024.0 * 1024.0);
      d.major = p->major;
      d.minor = p->minor;
      d.bf16 = p->major >= 8;
#endif
      r.cudaBf16 = r.cudaBf16 || d.bf16;
      r.cudaDevices.push_back(d);
    }
  } catch (...) {
    // A broken driver reports no usable GPU rather than failing the whole report.
    r.cudaAvailable = false;
    r.cudaDeviceCount = 0;
    r.cudaDevices.clear();
  }
  return r;
}

std::string deviceReportText(const DeviceReport& r) {
  std::ostringstream o;
  o << "LibTorch " << r.torchVersion << "\n";
  if (r.cudaAvailable) {
    o << "CUDA: " << r.cudaDeviceCount << " device(s)\n";
    for (const auto& d : r.cudaDevices) {
      o << "  cuda:" << d.index << " " << d.name;
      if (d.memoryGiB > 0) o << ", " << int(d.memoryGiB + 0.5) << " GiB";
      if (d.major > 0) o << ", compute " << d.major << "." << d.minor << (d.bf16 ? ", bf16" : "");
      o << "\n";
    }
  } else {
    o << "CUDA: not available (" << (r.cudaBuilt ? "no GPU or driver found" : "LibTorch built without CUDA")
      << ")\n";
  }
  o << "CPU: " << r.cpuThreads << " threads of " << r.hardwareThreads << "\n";
  o << "OpenBLAS kernels: " << (r.blasCore.empty() ? "not OpenBLAS" : r.blasCore) << "\n";
  o << "bf16: CPU "
    << (r.cpuBf16Native ? "native (AVX512-BF16/AMX)"
        : r.cpuBf16     ? "emulated (oneDNN)"
                        : "no")
    << ", CUDA autocast " << (r.cudaBf16 ? "yes" : "no") << "\n";
  return o.str();
}

}  // namespace pwb::model
