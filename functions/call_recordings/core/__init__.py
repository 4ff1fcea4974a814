"""The council's vocabulary and retention rules for call recordings: pure domain code, no AWS."""
