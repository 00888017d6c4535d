//! Multi-contract scenarios on the in-process chain. One test binary: the contracts are built
//! once (release Wasm) and every scenario starts from a fresh chain.

/// One test per scenario and manager version: `v1::name`, `v2::name`, `v3::name`, each calling
/// `name(version)`.
macro_rules! on_every_version {
    ($($name:ident),* $(,)?) => {
        mod v1 { $(#[test] fn $name() { super::$name(traits::ManagerVersion::V1) })* }
        mod v2 { $(#[test] fn $name() { super::$name(traits::ManagerVersion::V2) })* }
        mod v3 { $(#[test] fn $name() { super::$name(traits::ManagerVersion::V3) })* }
    };
}

#[macro_use]
extern crate conformance;

mod activation;
mod borrowing;
mod bundles;
mod demo;
mod errors;
mod escrows;
mod fixtures;
mod lending;
mod random;
mod swaps;
mod trust;
