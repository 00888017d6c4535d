//! The NUTS Platform's client library, what every tool of the project is written on (the `nuts`
//! binary, deploy, the keeper, the bench, the demo and the scenario tests):
//!
//! - [`contracts`] builds the contracts' release Wasm (the `contract-build` library, as
//!   `cargo contract build --release`; feature `build`, on by default), `bundles` their
//!   `.contract` bundles; without `build`, [`prebuilt`] serves the demo's contracts from
//!   `prebuilt/`;
//! - [`chain::Chain`] uploads, instantiates, calls and reads on a [`chain::Backend`]: the
//!   in-process ink! sandbox runtime ([`sandbox::SandboxBackend`], feature `sandbox`, on by
//!   default) or a live node over RPC ([`node::NodeBackend`] and the throw-away
//!   [`local_node::LocalNode`], feature `node`), so that a tool that talks to a node does not
//!   link the sandbox runtime;
//! - [`clients`]: one typed client per contract, every error typed; [`events`]: what a call
//!   emitted, decoded;
//! - [`platform`]: the platform set up on a fresh chain (NUTS, oracle, registry and Config).

#[cfg(feature = "build")]
pub mod bundles;
pub mod chain;
pub mod clients;
pub mod contracts;
pub mod events;
#[cfg(feature = "node")]
pub mod local_node;
#[cfg(feature = "node")]
pub mod node;
pub mod platform;
pub mod prebuilt;
#[cfg(feature = "sandbox")]
pub mod sandbox;

pub use chain::{CallError, Chain, ContractEvent, Cost};
