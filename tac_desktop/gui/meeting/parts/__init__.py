"""The structured parts of an agenda section, one module each; ``base`` holds what they
share (``PartWidget``, saving as typed, the small table and field helpers)."""
