#pragma once
// Where the product finds its own files (demo model, demo data) at run time — only its own resources.
#include <string>

namespace pwb {

// First match of: $PWB_RESOURCES; <exe dir>/../share/prompt-workbench (installed); the source tree's
// resources/ recorded at build time (running from the build tree). Throws pwb::Error when none exists.
std::string resourceDir();
std::string demoModelDir();  // resourceDir()/demo-bert-mini
std::string demoDataDir();   // resourceDir()/data

// Where the product keeps data it can recompute (e.g. sentence embeddings): $PWB_CACHE_DIR, else
// $XDG_CACHE_HOME/prompt-workbench, else $HOME/.cache/prompt-workbench, else <tmp>/prompt-workbench-cache.
// Not created here; callers create the subfolder they write to.
std::string userCacheDir();

}  // namespace pwb
