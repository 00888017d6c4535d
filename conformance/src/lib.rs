//! The platform's instrument conformance suite, as a library any instrument crate runs (in the
//! spirit of the PSP22 crate's `tests!`): what every instrument must do, whatever it is, checked
//! on the in-process chain with the platform's own contracts.
//!
//! An instrument describes itself once as a [`suite::Subject`] and writes
//! `conformance::conformance!(name, subject);` in a test file to get one `#[test]` per check
//! (see [`suite`] for the checks). Its contract is built from its own crate, wherever it is:
//! name it with a [`client::contracts::Contract`] whose `dir` is the crate's directory (an
//! absolute path, such as `env!("CARGO_MANIFEST_DIR")` of the crate).
//!
//! [`world::World`] is where every check starts: the platform, an FSP, a maker, a taker, two
//! test tokens and an oracle, with the instrument activated on its manager version.

pub mod suite;
pub mod world;

pub use suite::{AtDecimals, Raw, Subject};
pub use world::World;

/// The conformance suite for one instrument: `conformance!(name, subject)` writes
/// `name::conformance::<check>` for every check of [`suite`], each on a fresh chain. `subject`
/// (a [`Subject`](suite::Subject)) is evaluated in the caller's module, once per check.
#[macro_export]
macro_rules! conformance {
    ($name:ident, $subject:expr) => {
        mod $name {
            mod conformance {
                #[allow(unused_imports)]
                use super::super::*;
                #[test]
                fn bad_offers_are_refused_and_nothing_moves() {
                    $crate::suite::bad_offers_are_refused_and_nothing_moves($subject)
                }
                #[test]
                fn the_lifecycle_moves_only_as_spec_5_allows() {
                    $crate::suite::the_lifecycle_moves_only_as_spec_5_allows($subject)
                }
                #[test]
                fn cancel_is_the_makers_and_only_before_an_engagement() {
                    $crate::suite::cancel_is_the_makers_and_only_before_an_engagement($subject)
                }
                #[test]
                fn scheduled_events_fire_only_when_due_and_once() {
                    $crate::suite::scheduled_events_fire_only_when_due_and_once($subject)
                }
            }
        }
    };
}
