//! `cheque`'s tests live in `tests/`: the platform's conformance suite.
