#pragma once
// Where the product finds its own files (demo model, demo data) at run time — only its own resources.
#include <string>

namespace pwb {

// First match of: $PWB_RESOURCES; <exe dir>/../share/prompt-workbench (installed); the source tree's
// resources/ recorded at build time (running from the build tree). Throws pwb::Error when none exists.
std::string resourceDir();
std::string demoModelDir();  // resourceDir()/demo-bert-mini
std::string demoDataDir();   // resourceDir()/data

}  // namespace pwb
