"""Static checks on the built site: HTML validity, references, hermetic and reproducible builds."""
