//! Multi-contract scenarios on the in-process chain. One test binary: the contracts are built
//! once (release Wasm) and every scenario starts from a fresh chain.

mod activation;
mod demo;
mod escrows;
mod fixtures;
mod lending;
