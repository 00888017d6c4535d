//! The `nuts` tool's commands as a library, written on the `client` crate:
//!
//! - [`demo`]: the instruments' stories (feature `sandbox`, or on any [`client::Chain`]), told
//!   as text or JSON lines;
//! - [`bench`]: what each operation costs against its floor, and its reports (feature
//!   `sandbox`; `--node` adds a dev node with feature `node`);
//! - [`deploy`] and [`keeper`]: the platform on a live node, and the Timer Oracle that fires
//!   scheduled events (feature `node`);
//! - [`scaffold`]: `nuts new instrument`, an FSP's instrument crate in its own repository;
//! - [`app`]: `nuts app`, the web app's server (feature `node`);
//! - [`args`]: the arguments of every command that talks to a deployment; [`user`]: the commands of makers, takers, FSPs and the admin on a deployment (feature
//!   `node`); [`words`]: platform events in words, for the demo and those commands.

#[cfg(feature = "node")]
pub mod app;
pub mod args;
#[cfg(feature = "sandbox")]
pub mod bench;
pub mod demo;
#[cfg(feature = "node")]
pub mod deploy;
#[cfg(feature = "node")]
pub mod keeper;
pub mod scaffold;
#[cfg(feature = "node")]
pub mod user;
pub mod words;
