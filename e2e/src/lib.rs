//! The NUTS Platform on an in-process chain: contract builds ([`contracts`]), the sandbox chain
//! ([`chain`]) and typed clients for each contract ([`clients`]). The scenario tests live in
//! `tests/`; the `nuts` tool reuses the same pieces for its demo.

pub mod bench;
pub mod bundles;
pub mod chain;
pub mod clients;
pub mod contracts;
pub mod demo;
pub mod platform;

pub use chain::{CallError, Chain, ContractEvent, Cost};
