#pragma once
// What the compute engine can use on this machine, for the GUI's Train view and `--version`-style reports:
// the LibTorch version, CUDA devices, the CPU threads a training worker uses, the OpenBLAS kernel set and
// bf16 support. Torch-free header (torch stays in device_report.cpp).
#include <string>
#include <vector>

namespace pwb::model {

struct CudaDeviceInfo {
  int index = 0;
  std::string name;          // "NVIDIA H100 80GB HBM3"
  double memoryGiB = 0;      // total memory
  int major = 0, minor = 0;  // compute capability
  bool bf16 = false;         // native bf16 (compute capability >= 8.0)
};

struct DeviceReport {
  std::string torchVersion;  // "1.13.1"
  bool cudaBuilt = false;    // this LibTorch was built with CUDA
  bool cudaAvailable = false;
  int cudaDeviceCount = 0;
  std::vector<CudaDeviceInfo> cudaDevices;
  int cpuThreads = 0;          // intra-op threads a training or evaluation worker uses (all cores)
  int hardwareThreads = 0;     // std::thread::hardware_concurrency()
  std::string blasCore;        // OpenBLAS kernel set ("SkylakeX"), "" when not OpenBLAS
  bool cpuBf16 = false;        // bf16 inference on the CPU (oneDNN; fast with AVX512-BF16 / AMX)
  bool cpuBf16Native = false;  // the CPU has AVX512-BF16 or AMX-BF16 instructions
  bool cudaBf16 = false;       // some CUDA device supports bf16 autocast
};

// Queries LibTorch once per call (cheap: no device is initialised beyond CUDA's device count/properties).
// Never throws: anything the engine cannot tell is left at its default.
DeviceReport deviceReport();

// Whether the CPU has AVX512-BF16 or AMX-BF16 instructions (DeviceReport::cpuBf16Native, without the rest).
bool cpuHasNativeBf16();

// One line per item, English, for logs and `pwb`-style output.
std::string deviceReportText(const DeviceReport& report);

}  // namespace pwb::model
