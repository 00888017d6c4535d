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

/// The conformance suite for one instrument: `conformance!(name, subject)` writes
/// `name::conformance::<check>` for every check of `conformance.rs`, each on a fresh chain.
macro_rules! conformance {
    ($name:ident, $subject:expr) => {
        mod $name {
            mod conformance {
                #[allow(unused_imports)]
                use super::super::*;
                #[test]
                fn bad_offers_are_refused_and_nothing_moves() {
                    $crate::conformance::bad_offers_are_refused_and_nothing_moves($subject)
                }
                #[test]
                fn the_lifecycle_moves_only_as_spec_5_allows() {
                    $crate::conformance::the_lifecycle_moves_only_as_spec_5_allows($subject)
                }
                #[test]
                fn cancel_is_the_makers_and_only_before_an_engagement() {
                    $crate::conformance::cancel_is_the_makers_and_only_before_an_engagement(
                        $subject,
                    )
                }
                #[test]
                fn scheduled_events_fire_only_when_due_and_once() {
                    $crate::conformance::scheduled_events_fire_only_when_due_and_once($subject)
                }
            }
        }
    };
}

mod activation;
mod borrowing;
mod bundles;
mod cheque;
mod conformance;
mod demo;
mod errors;
mod escrows;
mod fixtures;
mod lending;
mod random;
mod swaps;
mod trust;
