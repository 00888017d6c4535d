//! The map of the NUTS Platform: every shared type, error, event and cross-contract interface.
//! Reading this crate alone tells who calls whom (see [`interfaces`]). [`math`] is the amount
//! arithmetic every rule shares (`a · b / c` without intermediate overflow).
#![cfg_attr(not(feature = "std"), no_std, no_main)]

pub mod calls;
pub mod errors;
pub mod events;
pub mod interfaces;
pub mod math;
pub mod types;

pub use errors::*;
pub use interfaces::*;
pub use types::*;
