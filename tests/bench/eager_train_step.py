#!/usr/bin/python3
"""Eager PyTorch reference for bench_train: seconds per training step of the same step, in plain PyTorch.

Run with Debian's python3-torch (the same LibTorch 1.13 the workbench links):
    build/bench/bench_train --steps 10 --threads 2 --dump-batches /tmp/batches
    /usr/bin/python3 tests/bench/eager_train_step.py /tmp/batches/prompt-ft.json --threads 2 --steps 10
or tests/bench/eager_vs_bench.sh, which interleaves both, round by round, and prints the ratio.

What is the SAME as bench_train (core/model/masked_lm.cpp, core/train/method.cpp, core/train/trainer.cpp):
  * the model: resources/demo-bert-mini, float16 on disk, computed in fp32 (MaskedLM::load converts F16 to
    fp32); BERT post-LayerNorm encoder, erf GELU, additive attention mask with float's lowest value at
    padding, query pre-scaled by 1/sqrt(head_dim), dropout 0.1 (hidden and attention probabilities) in
    training mode, as the trainer runs the model with train(true);
  * the batches: the exact token ids, token types, [MASK] positions, soft-token slots and labels of every
    timed step, written by bench_train --dump-batches (same examples, template "{s} it was [MASK] .",
    tokenizer, batch order), right-padded with the pad id to the longest row of the batch;
  * the scores: the MLM head (dense, GELU, LayerNorm) on the [MASK] row only, then only the label-word
    columns of the tied decoder (decoder[ids], bias[ids]) and the [K, L] averaging matrix (labelWordLogits);
    cross-entropy against the labels;
  * the update: gradient-norm clipping to max_grad_norm over all trainable tensors, linear decay of the
    learning rate (no warm-up), zero_grad (zeroing, not None, as LibTorch 1.13's Optimizer::zero_grad),
    torch.optim.AdamW with betas (0.9, 0.999), eps 1e-8 and the dumped lr and weight decay (0 in bench_train:
    one parameter group); its implementation is the default for CPU tensors in 1.13 (for-loop, not foreach);
  * methods: prompt-ft (all model weights trained) and prompt-tuning (model frozen, requires_grad False;
    the soft-token vectors replace the word embeddings at the slot positions, PEFT-style torch.where);
    p-tuning-v2 without reparameterisation (a [P, layers*2*H] prefix table, dropout, prepended to every
    layer's keys and values, the attention mask extended with P ones); p-tuning (v1: the soft tokens are
    the output of the prompt encoder, an embedding table through a 2-layer bidirectional LSTM and a
    ReLU MLP, or the 3-layer MLP; model frozen unless joint tuning); fine-tune (all weights and Hugging
    Face's sequence-classification head on the [CLS] state: dense, tanh, dropout, linear; or the bare
    linear head), cross-entropy over the head's logits;
  * one warm-up step (batch 1) before the timed steps, as bench_train; the same thread count.
How the workbench computes the same step with less work (issue 20; core/model/masked_lm_rows.cpp,
attention_packed.cpp, encoder_pointwise.cpp, core/train/methods/p_tuning/bilstm.cpp), which this script, as
plain eager PyTorch code, does not: the layers run over the real tokens only (no padding rows), the last
layer only for the [MASK] rows; attention runs per example and head on those packed rows (scores, softmax,
dropout and context in one autograd node with a written-out backward); dropout draws its masks from a
counter-based hash in one pass; the erf GELU keeps its derivative from the forward pass; P-tuning's LSTM
runs its own recurrence and forms each weight gradient in one product. The loss and gradients are those of
this script up to float rounding (test_encode_rows, test_train_methods).
What is NOT the same: the dropout masks and the initial soft-token / prefix values (random, other
generators), so losses differ step by step; the workbench's per-step checks of ids and positions are not
done here. LibTorch's C++ LSTM and Python's torch.nn.LSTM run the same ATen kernel.
--bf16: the step's forward pass and loss under torch.autocast("cpu", dtype=torch.bfloat16), the eager form of
mixed precision on the CPU, against bench_train --bf16 (the workbench's bf16 matmuls,
core/model/bf16_linear.h). Autocast runs every matmul in bf16 and also rounds its output to bf16 (the
workbench keeps outputs fp32); the weights stay fp32 in both. LayerNorm runs in fp32 (see ln()).
"""
import argparse
import json
import math
import os
import struct
import sys
import time

import numpy as np
import torch
import torch.nn.functional as F

DTYPES = {"F16": np.float16, "F32": np.float32, "BF16": None}


def load_safetensors(model_dir):
    """name -> fp32 tensor, from the sharded safetensors (json + struct + numpy; no safetensors package)."""
    index = os.path.join(model_dir, "model.safetensors.index.json")
    files = sorted(set(json.load(open(index))["weight_map"].values())) if os.path.exists(index) else [
        "model.safetensors"]
    out = {}
    for f in files:
        with open(os.path.join(model_dir, f), "rb") as fh:
            n = struct.unpack("<Q", fh.read(8))[0]
            header = json.loads(fh.read(n))
            data = fh.read()
        for name, meta in header.items():
            if name == "__metadata__":
                continue
            begin, end = meta["data_offsets"]
            if meta["dtype"] == "BF16":
                raw = np.frombuffer(data[begin:end], dtype=np.uint16).astype(np.uint32) << 16
                arr = raw.view(np.float32)
            else:
                arr = np.frombuffer(data[begin:end], dtype=DTYPES[meta["dtype"]]).astype(np.float32)
            out[name] = torch.from_numpy(arr.reshape(meta["shape"]).copy())
    return out


class Bert(torch.nn.Module):
    def __init__(self, cfg, weights):
        super().__init__()
        self.cfg = cfg
        self.p = torch.nn.ParameterDict({k.replace(".", "__"): torch.nn.Parameter(v) for k, v in weights.items()})

    def w(self, name):
        return self.p[name.replace(".", "__")]

    def ln(self, x, name):
        # Under --bf16 a bf16 input (the head's GELU output) meets fp32 weights: 1.13's CPU autocast has no
        # rule for layer_norm and refuses the mix; 2.x runs layer_norm in fp32, as this cast does.
        x = x.to(self.w(name + ".weight").dtype)
        return F.layer_norm(x, (x.size(-1),), self.w(name + ".weight"), self.w(name + ".bias"),
                            self.cfg["layer_norm_eps"])

    def lin(self, x, name):
        return F.linear(x, self.w(name + ".weight"), self.w(name + ".bias"))

    def encode(self, ids, types, mask, embeds=None, prefix=None):
        c = self.cfg
        B, T = ids.shape
        H, nh = c["hidden_size"], c["num_attention_heads"]
        d = H // nh
        pd, ad = c["hidden_dropout_prob"], c["attention_probs_dropout_prob"]
        x = embeds if embeds is not None else F.embedding(ids, self.w("bert.embeddings.word_embeddings.weight"))
        P = 0 if prefix is None else prefix[0][0].size(2)
        pos = torch.arange(P, P + T).unsqueeze(0)
        x = x + F.embedding(pos, self.w("bert.embeddings.position_embeddings.weight"))
        x = x + F.embedding(types, self.w("bert.embeddings.token_type_embeddings.weight"))
        x = F.dropout(self.ln(x, "bert.embeddings.LayerNorm"), pd, self.training)
        add = (1.0 - mask.to(torch.float32)) * torch.finfo(torch.float32).min
        if prefix is not None:
            add = torch.cat([torch.zeros(B, P), add], 1)
        add = add.view(B, 1, 1, P + T)
        scale = 1.0 / math.sqrt(d)
        for i in range(c["num_hidden_layers"]):
            l = "bert.encoder.layer.%d." % i
            q = (self.lin(x, l + "attention.self.query") * scale).view(B, T, nh, d).transpose(1, 2)
            k = self.lin(x, l + "attention.self.key").view(B, T, nh, d).transpose(1, 2)
            v = self.lin(x, l + "attention.self.value").view(B, T, nh, d).transpose(1, 2)
            if prefix is not None:
                k = torch.cat([prefix[i][0].expand(B, nh, P, d), k], 2)
                v = torch.cat([prefix[i][1].expand(B, nh, P, d), v], 2)
            probs = F.dropout(torch.softmax(q.matmul(k.transpose(-1, -2)) + add, -1), ad, self.training)
            ctx = probs.matmul(v).transpose(1, 2).reshape(B, T, H)
            a = F.dropout(self.lin(ctx, l + "attention.output.dense"), pd, self.training)
            x = self.ln(a + x, l + "attention.output.LayerNorm")
            f = F.dropout(self.lin(F.gelu(self.lin(x, l + "intermediate.dense")), l + "output.dense"), pd,
                          self.training)
            x = self.ln(f + x, l + "output.LayerNorm")
        return x

    def label_word_logits(self, hidden, mask_pos, word_ids, average):
        B, T, H = hidden.shape
        at_mask = hidden.reshape(B * T, H).index_select(0, torch.arange(B) * T + mask_pos)
        t = self.ln(F.gelu(self.lin(at_mask, "cls.predictions.transform.dense")), "cls.predictions.transform.LayerNorm")
        w = self.w("bert.embeddings.word_embeddings.weight").index_select(0, word_ids)
        b = self.w("cls.predictions.bias").index_select(0, word_ids)
        return F.linear(t, w, b).matmul(average)


class ClsHead(torch.nn.Module):
    """fine-tune's head on the [CLS] state (core/train/cls_head.cpp): Hugging Face's BertForSequenceClassification
    head (dense + tanh as the pooler, dropout, linear; the demo model has no pooler, so the dense layer starts
    new) or the bare linear head (dropout, linear)."""

    def __init__(self, H, labels, kind, classifier_dropout, hidden_dropout):
        super().__init__()
        self.dense = torch.nn.Linear(H, H) if kind == "hf" else None
        self.out = torch.nn.Linear(H, labels)
        self.p = classifier_dropout if kind == "hf" else hidden_dropout

    def forward(self, x):
        if self.dense is not None:
            x = torch.tanh(self.dense(x))
        return self.out(F.dropout(x, self.p, self.training))


class PromptEncoder(torch.nn.Module):
    """P-tuning v1's prompt encoder (core/train/methods/p_tuning/prompt_encoder.cpp, as PEFT's): an embedding
    table through a 2-layer bidirectional LSTM and a ReLU MLP (lstm), or a 3-layer ReLU MLP (mlp)."""

    def __init__(self, n, H, e, kind):
        super().__init__()
        self.embedding = torch.nn.Embedding(n, H)
        if kind == "lstm":
            self.lstm = torch.nn.LSTM(H, e, num_layers=2, bidirectional=True, batch_first=True)
            self.mlp = torch.nn.Sequential(torch.nn.Linear(2 * e, 2 * e), torch.nn.ReLU(), torch.nn.Linear(2 * e, H))
        else:
            self.lstm = None
            self.mlp = torch.nn.Sequential(torch.nn.Linear(H, e), torch.nn.ReLU(), torch.nn.Linear(e, e),
                                           torch.nn.ReLU(), torch.nn.Linear(e, H))

    def forward(self):
        x = self.embedding.weight
        if self.lstm is not None:
            x = self.lstm(x.unsqueeze(0))[0].squeeze(0)
        return self.mlp(x)


def pad(rows, fill):
    t = max(len(r) for r in rows)
    return torch.tensor([list(r) + [fill] * (t - len(r)) for r in rows], dtype=torch.long)


def to_batch(b, pad_id):
    ids = pad(b["ids"], pad_id)
    mask = pad([[1] * len(r) for r in b["ids"]], 0)
    types = pad([r if r else [0] * len(i) for r, i in zip(b["type_ids"], b["ids"])], 0)
    slots = pad([r if r else [-1] * len(i) for r, i in zip(b["slot_ids"], b["ids"])], -1)
    return ids, types, mask, slots, torch.tensor(b["mask_pos"]), torch.tensor(b["labels"])


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("batches", help="a <method>.json written by bench_train --dump-batches")
    ap.add_argument("--model", default=os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                                    "../../resources/demo-bert-mini"))
    ap.add_argument("--threads", type=int, default=0)
    ap.add_argument("--steps", type=int, default=0, help="default: every dumped batch")
    ap.add_argument("--bf16", action="store_true", help="forward and loss under CPU bf16 autocast")
    args = ap.parse_args()
    if args.threads > 0:
        torch.set_num_threads(args.threads)
    spec = json.load(open(args.batches))
    method = spec["method"]
    if method not in ("prompt-ft", "prompt-tuning", "p-tuning-v2", "p-tuning", "fine-tune"):
        sys.exit("eager_train_step.py: method %s is not expressed here" % method)
    cfg = json.load(open(os.path.join(args.model, "config.json")))
    torch.manual_seed(13)
    model = Bert(cfg, load_safetensors(args.model))
    model.train(True)
    labels = spec["label_token_ids"]
    word_ids = torch.tensor([w for ws in labels for w in ws], dtype=torch.long)
    average = torch.zeros(len(word_ids), len(labels))  # built once, as a fixed tensor
    row = 0
    for l, ws in enumerate(labels):
        for _ in ws:
            average[row, l] = 1.0 / len(ws)
            row += 1
    H, L = cfg["hidden_size"], cfg["num_hidden_layers"]
    nh = cfg["num_attention_heads"]
    wemb = model.w("bert.embeddings.word_embeddings.weight")
    head, encoder = None, None
    if method == "fine-tune":
        head = ClsHead(H, spec["num_labels"], spec["cls_head"], spec["classifier_dropout"], cfg["hidden_dropout_prob"])
        trainable = list(model.parameters()) + list(head.parameters())
    elif method == "p-tuning":
        encoder = PromptEncoder(spec["num_soft_tokens"], H, spec["encoder_hidden_size"], spec["encoder"])
        trainable = list(encoder.parameters())
        if spec["joint_tuning"]:
            trainable += list(model.parameters())
        else:
            for p in model.parameters():
                p.requires_grad_(False)
    elif method == "prompt-ft":
        trainable = list(model.parameters())
    else:
        for p in model.parameters():
            p.requires_grad_(False)
        if method == "prompt-tuning":
            soft = torch.nn.Parameter(wemb[torch.randint(0, wemb.size(0), (spec["num_soft_tokens"],))].clone())
        else:
            soft = torch.nn.Parameter(torch.randn(spec["prefix_length"], L * 2 * H))
        trainable = [soft]
    for m in (head, encoder):
        if m is not None:
            m.train(True)
    opt = torch.optim.AdamW(trainable, lr=spec["lr"], betas=(0.9, 0.999), eps=1e-8,
                            weight_decay=spec["weight_decay"])
    batches = [to_batch(b, spec["pad_id"]) for b in spec["batches"]]
    steps = args.steps if args.steps > 0 else len(batches)

    def step(i, total):
        ids, types, mask, slots, mask_pos, y = batches[i % len(batches)]
        opt.zero_grad(set_to_none=False)
        embeds, prefix = None, None
        if method in ("prompt-tuning", "p-tuning"):
            vectors = soft if method == "prompt-tuning" else encoder()
            e = F.embedding(ids, wemb)
            embeds = torch.where(slots.ge(0).unsqueeze(-1),
                                 vectors.index_select(0, slots.clamp_min(0).reshape(-1)).view(e.shape), e)
        elif method == "p-tuning-v2":
            table = F.dropout(soft, cfg["hidden_dropout_prob"], True)
            P = table.size(0)
            kv = table.view(P, L * 2, nh, H // nh).permute(1, 2, 0, 3)
            prefix = [(kv[2 * l].unsqueeze(0), kv[2 * l + 1].unsqueeze(0)) for l in range(L)]
        with torch.autocast("cpu", dtype=torch.bfloat16, enabled=args.bf16):
            hidden = model.encode(ids, types, mask, embeds, prefix)
            if head is not None:
                logits = head(hidden[:, 0])
            else:
                logits = model.label_word_logits(hidden, mask_pos, word_ids, average)
            loss = F.cross_entropy(logits, y)
        loss.backward()
        value = loss.item()
        torch.nn.utils.clip_grad_norm_(trainable, spec["max_grad_norm"])
        for g in opt.param_groups:
            g["lr"] = spec["lr"] * (1.0 - i / total)  # linear decay, no warm-up (lr_schedule.cpp)
        opt.step()
        return value

    step(0, 1)  # warm-up (allocations), as bench_train
    t = time.perf_counter()
    losses = [step(i, steps) for i in range(steps)]
    per = (time.perf_counter() - t) / steps
    print("%s eager%s %.4f s/step (threads %d, %d steps, last loss %.4f)" %
          (method, "-bf16" if args.bf16 else "", per, torch.get_num_threads(), steps, losses[-1]))


if __name__ == "__main__":
    main()
