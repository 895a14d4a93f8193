#!/usr/bin/env python3
"""A plain PyTorch training loop on the demo model, the baseline bench_train is compared against on the
same machine (packaging/gpu/gpu_check.sh). Needs only torch: the BERT encoder and MLM head are written out
here (post-LayerNorm, GELU, as Hugging Face's BertForMaskedLM) and the weights read from the model folder's
safetensors files (one, or the shards of the index) by hand (8-byte header length, JSON header, raw
little-endian tensors).

Two kinds of step, batch 8, as bench_train's methods do them:
  all-weights   every weight trained, cross-entropy over the label words' logits at [MASK]
                (prompt-based fine-tuning, LM-BFF; fine-tuning costs the same)
  frozen        the model frozen, N soft-prompt vectors before the tokens trained (prompt tuning)
The token ids are random with the length bench_train reports for SST-2 (--tokens, default 30): the
figure is seconds per step, which depends on the shapes only.

Usage: torch_train_loop.py --model DIR [--steps N] [--tokens T] [--device cuda|cpu] [--soft N]
"""
import argparse
import json
import math
import struct
import time

import torch
import torch.nn.functional as F

DTYPES = {"F32": torch.float32, "F16": torch.float16, "BF16": torch.bfloat16}


def read_safetensors(path):
    with open(path, "rb") as f:
        (n,) = struct.unpack("<Q", f.read(8))
        header = json.loads(f.read(n))
        data = f.read()
    out = {}
    for name, meta in header.items():
        if name == "__metadata__":
            continue
        begin, end = meta["data_offsets"]
        t = torch.frombuffer(bytearray(data[begin:end]), dtype=DTYPES[meta["dtype"]])
        out[name] = t.reshape(meta["shape"]).float()
    return out


def read_weights(folder):
    """model.safetensors, or the shards listed in model.safetensors.index.json."""
    import os
    single = os.path.join(folder, "model.safetensors")
    if os.path.exists(single):
        return read_safetensors(single)
    index = json.load(open(os.path.join(folder, "model.safetensors.index.json")))
    out = {}
    for shard in sorted(set(index["weight_map"].values())):
        out.update(read_safetensors(os.path.join(folder, shard)))
    return out


class Bert(torch.nn.Module):
    def __init__(self, cfg, w):
        super().__init__()
        self.cfg = cfg
        self.p = torch.nn.ParameterDict({k.replace(".", "__"): torch.nn.Parameter(v) for k, v in w.items()})

    def w(self, name):
        return self.p[name.replace(".", "__")]

    def layer_norm(self, x, name):
        return F.layer_norm(x, x.shape[-1:], self.w(name + ".weight"), self.w(name + ".bias"),
                            self.cfg.get("layer_norm_eps", 1e-12))

    def linear(self, x, name):
        return F.linear(x, self.w(name + ".weight"), self.w(name + ".bias"))

    def forward(self, embeds, mask_pos):
        c = self.cfg
        b, t, h = embeds.shape
        heads = c["num_attention_heads"]
        pos = torch.arange(t, device=embeds.device)
        x = embeds + self.w("bert.embeddings.position_embeddings.weight")[pos] + \
            self.w("bert.embeddings.token_type_embeddings.weight")[0]
        x = self.layer_norm(x, "bert.embeddings.LayerNorm")
        for i in range(c["num_hidden_layers"]):
            p = f"bert.encoder.layer.{i}."
            q, k, v = (self.linear(x, p + "attention.self." + n).view(b, t, heads, -1).transpose(1, 2)
                       for n in ("query", "key", "value"))
            a = torch.softmax(q @ k.transpose(-1, -2) / math.sqrt(h // heads), -1) @ v
            x = self.layer_norm(x + self.linear(a.transpose(1, 2).reshape(b, t, h), p + "attention.output.dense"),
                                p + "attention.output.LayerNorm")
            f = self.linear(F.gelu(self.linear(x, p + "intermediate.dense")), p + "output.dense")
            x = self.layer_norm(x + f, p + "output.LayerNorm")
        m = x[torch.arange(b, device=x.device), mask_pos]
        m = self.layer_norm(F.gelu(self.linear(m, "cls.predictions.transform.dense")),
                            "cls.predictions.transform.LayerNorm")
        return m


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--model", required=True)
    ap.add_argument("--steps", type=int, default=20)
    ap.add_argument("--tokens", type=int, default=30)
    ap.add_argument("--soft", type=int, default=8)
    ap.add_argument("--device", default="cuda" if torch.cuda.is_available() else "cpu")
    a = ap.parse_args()
    cfg = json.load(open(a.model + "/config.json"))
    weights = read_weights(a.model)
    dev = torch.device(a.device)
    model = Bert(cfg, weights).to(dev)
    emb = model.w("bert.embeddings.word_embeddings.weight")
    bias = model.w("cls.predictions.bias")
    label_ids = torch.tensor([5, 6], device=dev)  # two label words: the ids do not change the cost
    g = torch.Generator().manual_seed(13)
    ids = torch.randint(1000, cfg["vocab_size"], (8, a.tokens), generator=g).to(dev)
    labels = torch.tensor([0, 1] * 4, device=dev)
    mask_pos = torch.full((8,), a.tokens - 3, device=dev)
    sync = torch.cuda.synchronize if dev.type == "cuda" else (lambda: None)
    print(f"plain PyTorch {torch.__version__} on {dev} ({torch.cuda.get_device_name(dev) if dev.type == 'cuda' else 'CPU'}),"
          f" demo model {cfg['num_hidden_layers']} layers, hidden {cfg['hidden_size']}; batch 8 x {a.tokens} tokens")
    print(f"{'step kind':<14} {'s/step':>10}")
    for kind in ("all-weights", "frozen"):
        soft = torch.nn.Parameter(emb[torch.randint(1000, cfg["vocab_size"], (a.soft,), generator=g).to(dev)]
                                  .detach().clone())
        for p in model.parameters():
            p.requires_grad_(kind == "all-weights")
        params = list(model.parameters()) if kind == "all-weights" else [soft]
        opt = torch.optim.AdamW(params, lr=1e-5 if kind == "all-weights" else 3e-2)

        def step():
            x = F.embedding(ids, emb)
            shift = 0
            if kind == "frozen":
                x = torch.cat([x[:, :1], soft.unsqueeze(0).expand(8, -1, -1), x[:, 1:]], 1)
                shift = a.soft
            h = model(x, mask_pos + shift)
            logits = h @ emb[label_ids].t() + bias[label_ids]
            loss = F.cross_entropy(logits, labels)
            opt.zero_grad()
            loss.backward()
            opt.step()

        step()  # warm-up (allocations, kernels)
        sync()
        t0 = time.perf_counter()
        for _ in range(a.steps):
            step()
        sync()
        print(f"{kind:<14} {(time.perf_counter() - t0) / a.steps:>10.4f}")


if __name__ == "__main__":
    main()
