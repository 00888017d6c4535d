//! The NUTS Platform on a live node (substrate-contracts-node or any chain with
//! pallet-contracts): [`NodeBackend`] runs the e2e crate's typed clients and scenarios over RPC,
//! [`deploy`] puts the platform on a chain and records it in `deployments/<chain>.json`,
//! [`keeper`] is the Timer Oracle that fires scheduled events when they are due, and
//! [`LocalNode`] starts a throw-away dev node for tests.

pub mod backend;
pub mod deploy;
pub mod keeper;
mod local;

pub use backend::NodeBackend;
pub use local::LocalNode;
