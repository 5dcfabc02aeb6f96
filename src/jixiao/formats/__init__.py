"""File formats: YAML/JSON submissions, Excel template in/out, JSON Schema export."""
