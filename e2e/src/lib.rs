//! The NUTS Platform's scenario tests live in `tests/platform/`; they are written on the
//! `client` crate (the chain and typed clients) and the `nuts` crate (the demo stories). This
//! library is empty.
