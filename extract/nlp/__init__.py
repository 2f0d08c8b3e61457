"""Vietnamese legal language: agencies, deadlines and legal references (rule-based, on spaCy)."""
