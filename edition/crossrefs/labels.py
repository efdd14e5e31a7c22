"""Which @-keys are cross-reference labels rather than citation keys (Quarto's convention:
a label starts with its kind, e.g. ``sec-``)."""

# kind prefix -> how a reference to it reads, e.g. "Section 1"
KINDS = {
    "sec": "Section",
    "rec": "Recommendation",
    "dime": "Domain",
    "threat": "Threat",
    "strategic": "Trend",
}


def is_label(key: str) -> bool:
    kind, sep, _ = key.partition("-")
    return bool(sep) and kind in KINDS
