#pragma once
// Writes a PEFT prompt-learning adapter folder in PEFT 0.21's exact layout: adapter_model.safetensors with
// the header PEFT's safetensors writer produces ({"__metadata__":{"format":"pt"},"prompt_embeddings":...},
// F32; a P_TUNING adapter of ours adds its prompt encoder, PeftAdapter::encoderTensors) and
// adapter_config.json as json.dumps(indent=2, sort_keys=True). Includes torch.
#include <string>

#include "export/peft_adapter.h"

namespace pwb::exporting {

// Writes adapter_config.json and adapter_model.safetensors into dir (created when missing). Checks the
// tensor's shape against the config first.
void writePeftAdapter(const std::string& dir, const PeftAdapter& adapter);

}  // namespace pwb::exporting
