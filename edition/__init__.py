"""Plain functions that make the edition: source -> model -> HTML. No MkDocs imports here,
except in the hook files under hooks/ that connect MkDocs events to these modules."""
