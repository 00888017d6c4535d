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

use nuts_e2e::{
    bench::{self, NodeComparison},
    demo::DEMO_DEPOSIT,
    platform::Platform,
};

/// `nuts bench --node`: every demo story on the in-process chain and on a dev node started for
/// it, with the floors of each (see [`bench::story_costs`]).
pub fn compare_on_node(mut progress: impl FnMut(&str)) -> Result<NodeComparison, String> {
    progress("the demo stories in process");
    let in_process = bench::story_costs(|| Platform::new(DEMO_DEPOSIT))?;
    progress("starting a dev node");
    let node = LocalNode::start()?;
    let mut stories = 0;
    let on_node = bench::story_costs(|| {
        stories += 1;
        progress(&format!("story {stories} on the node"));
        node.platform(&format!("bench admin {stories}"), DEMO_DEPOSIT)
    })?;
    Ok(NodeComparison {
        node: LocalNode::version(),
        in_process,
        on_node,
    })
}
