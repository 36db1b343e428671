#!/usr/bin/env python3
"""Generates the triage training data from the phrase banks, reproducibly (fixed seed).

Writes, next to this script:
  triage_train.jsonl        what the model learns from
  triage_calib.jsonl        what the temperature is fitted on
  triage_heldout_es.jsonl   held-out Spanish, for evaluation only
  triage_heldout_en.jsonl   held-out English, for evaluation only

The split is by template family: every template, wrapped phrase, wrapper and hand-written
message belongs to exactly one split, so held-out messages never share a template with
training ones (slot values and noise are shared, as in real traffic). The families of
bank_es_train.py and bank_en_train.py, written after the splits were fixed, go to training only.
Run: python3 ai/data/generate.py
"""

import json
import os
import random
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import bank_en  # noqa: E402
import bank_en_extra  # noqa: E402
import bank_en_more  # noqa: E402
import bank_en_train  # noqa: E402
import bank_es  # noqa: E402
import bank_es_extra  # noqa: E402
import bank_es_more  # noqa: E402
import bank_es_train  # noqa: E402
import handwritten_es  # noqa: E402
from slots import add_noise, expand, gerund  # noqa: E402

SEED = 20241
SPLITS = ("train", "calib", "heldout")
VARIANTS_TEMPLATE = 9
VARIANTS_WRAPPED = 10


def assign(items, key):
    """Shuffles and cuts a list of families 75/10/15 into train, calib and heldout. Each list
    has its own random stream (seeded by `key`), so adding families elsewhere moves nothing."""
    items = list(items)
    random.Random("%d:%s" % (SEED, key)).shuffle(items)
    n = len(items)
    n_held = max(1, round(n * 0.15))
    n_cal = max(1, round(n * 0.10))
    if n < 3:
        return {"train": items, "calib": [], "heldout": []}
    return {"train": items[: n - n_held - n_cal], "calib": items[n - n_held - n_cal: n - n_held],
            "heldout": items[n - n_held:]}


def generate():
    rows = {s: [] for s in SPLITS}
    seen = set()

    def emit(split, text, lang, label):
        key = text.lower()
        if key in seen:
            return
        seen.add(key)
        rows[split].append({"text": text, "lang": lang, "label": label})

    for lang, bank, more, handwritten in (
            ("es", bank_es, bank_es_more, handwritten_es.HANDWRITTEN),
            ("en", bank_en, bank_en_more, bank_en.HANDWRITTEN)):
        wrappers = assign(bank.WRAPPERS, lang + ":wrappers")
        for label in sorted(bank.FAMILIES):
            families_of_label = bank.FAMILIES[label] + more.FAMILIES.get(label, [])
            extra = bank_es_extra if lang == "es" else bank_en_extra
            families_of_label += extra.FAMILIES.get(label, [])
            rng = random.Random("%d:%s:%s:text" % (SEED, lang, label))
            for split, families in assign(families_of_label, "%s:%s:families" % (lang, label)).items():
                for template in families:
                    for _ in range(VARIANTS_TEMPLATE):
                        emit(split, add_noise(expand(template, lang, rng), lang, label, rng), lang, label)
            for split, phrases in assign(bank.WRAPPED.get(label, []), "%s:%s:wrapped" % (lang, label)).items():
                pool = wrappers[split] or wrappers["train"]
                for phrase in phrases:
                    for _ in range(VARIANTS_WRAPPED):
                        core = expand(phrase, lang, rng)
                        w = rng.choice(pool)
                        text = w.replace("{x}", core).replace("{ing}", gerund(core))
                        emit(split, add_noise(text, lang, label, rng), lang, label)
            # Hand-written messages go in as written, plus one noisy copy in the same split.
            for split, messages in assign(handwritten.get(label, []), "%s:%s:handwritten" % (lang, label)).items():
                for m in messages:
                    emit(split, m, lang, label)
                    emit(split, add_noise(m, lang, label, rng), lang, label)

    # Families written after the splits were fixed (bank_*_train.py) go to training only and
    # come last, with their own random streams, so no earlier file changes.
    for lang, extra in (("es", bank_es_train), ("en", bank_en_train)):
        for label in sorted(extra.FAMILIES):
            rng = random.Random("%d:%s:%s:train-only" % (SEED, lang, label))
            for template in extra.FAMILIES[label]:
                for _ in range(VARIANTS_TEMPLATE):
                    emit("train", add_noise(expand(template, lang, rng), lang, label, rng), lang, label)
            for m in extra.HANDWRITTEN.get(label, []):
                emit("train", m, lang, label)
                emit("train", add_noise(m, lang, label, rng), lang, label)

    here = os.path.dirname(os.path.abspath(__file__))
    outputs = {
        "triage_train.jsonl": rows["train"],
        "triage_calib.jsonl": rows["calib"],
        "triage_heldout_es.jsonl": [r for r in rows["heldout"] if r["lang"] == "es"],
        "triage_heldout_en.jsonl": [r for r in rows["heldout"] if r["lang"] == "en"],
    }
    for name, data in outputs.items():
        with open(os.path.join(here, name), "w", encoding="utf-8") as f:
            for r in data:
                f.write(json.dumps(r, ensure_ascii=False) + "\n")
        counts = {}
        for r in data:
            counts[r["label"]] = counts.get(r["label"], 0) + 1
        print(name, len(data), dict(sorted(counts.items())))


if __name__ == "__main__":
    generate()
