//! A throw-away `substrate-contracts-node --dev` on free loopback ports, for tests; stopped when
//! dropped. Under libfaketime (when installed) its clock can be moved forward, so that due times
//! days away are reached in seconds.

use std::{
    net::{TcpListener, TcpStream},
    path::PathBuf,
    process::{Child, Command, Stdio},
    time::{Duration, Instant},
};

use nuts_e2e::{chain::Chain, contracts, platform::Platform};
use traits::Balance;

use crate::NodeBackend;

/// The node binary's name (`scripts/install-node` installs it).
pub const NODE_BINARY: &str = "substrate-contracts-node";

/// A running dev node.
pub struct LocalNode {
    child: Child,
    /// Its RPC endpoint (`ws://127.0.0.1:<port>`).
    pub url: String,
    /// The libfaketime offset file its clock follows, if it runs under libfaketime.
    pub clock: Option<PathBuf>,
    /// Where its log goes.
    pub log: PathBuf,
}

impl LocalNode {
    /// The installed node binary (`$NUTS_NODE_BIN`, or `substrate-contracts-node` on `PATH`).
    pub fn binary() -> Option<PathBuf> {
        if let Some(path) = std::env::var_os("NUTS_NODE_BIN") {
            return Some(PathBuf::from(path));
        }
        let path = std::env::var_os("PATH")?;
        std::env::split_paths(&path)
            .map(|dir| dir.join(NODE_BINARY))
            .find(|candidate| candidate.is_file())
    }

    /// libfaketime's preload library for threaded programs, if installed (Debian package
    /// `faketime`).
    pub fn faketime() -> Option<PathBuf> {
        let dirs = std::fs::read_dir("/usr/lib").ok()?;
        dirs.flatten()
            .map(|dir| dir.path())
            .chain([PathBuf::from("/usr/lib")])
            .map(|dir| dir.join("faketime/libfaketimeMT.so.1"))
            .find(|candidate| candidate.is_file())
    }

    /// Starts a dev node (instant seal: a block per transaction) on free ports, under
    /// libfaketime when it is installed, and waits until its RPC answers.
    pub fn start() -> Result<Self, String> {
        let binary = Self::binary()
            .ok_or("substrate-contracts-node is not installed (scripts/install-node)")?;
        let dir = std::env::temp_dir().join(format!("nuts-node-{}", std::process::id()));
        std::fs::create_dir_all(&dir).map_err(|error| error.to_string())?;
        let (rpc_port, p2p_port) = (free_port()?, free_port()?);
        let log = dir.join(format!("node-{rpc_port}.log"));
        let log_file = std::fs::File::create(&log).map_err(|error| error.to_string())?;
        let mut command = Command::new(binary);
        command
            .args(["--dev", "--no-telemetry", "--no-prometheus"])
            .args(["--rpc-port", &rpc_port.to_string()])
            .args(["--port", &p2p_port.to_string()])
            .stdout(Stdio::null())
            .stderr(log_file);
        let clock = Self::faketime().map(|library| {
            let clock = dir.join(format!("clock-{rpc_port}"));
            let _ = std::fs::write(&clock, "+0\n");
            command
                .env("LD_PRELOAD", library)
                .env("FAKETIME_TIMESTAMP_FILE", &clock)
                .env("FAKETIME_CACHE_DURATION", "1")
                .env("FAKETIME_DONT_FAKE_MONOTONIC", "1");
            clock
        });
        let child = command
            .spawn()
            .map_err(|error| format!("starting {NODE_BINARY}: {error}"))?;
        let node = LocalNode {
            child,
            url: format!("ws://127.0.0.1:{rpc_port}"),
            clock,
            log,
        };
        let started = Instant::now();
        while TcpStream::connect(("127.0.0.1", rpc_port)).is_err() {
            if started.elapsed() > Duration::from_secs(120) {
                return Err(format!(
                    "the node did not open its RPC port in 120 s (log: {})",
                    node.log.display()
                ));
            }
            std::thread::sleep(Duration::from_millis(200));
        }
        Ok(node)
    }
}

impl LocalNode {
    /// The node's version line (`substrate-contracts-node 0.42.0-...`).
    pub fn version() -> String {
        Self::binary()
            .and_then(|binary| Command::new(binary).arg("--version").output().ok())
            .map(|output| String::from_utf8_lossy(&output.stdout).trim().to_string())
            .unwrap_or_else(|| NODE_BINARY.to_string())
    }

    /// The platform deployed on this node by a fresh account called `admin` (every deployable
    /// contract's code uploaded, or re-used): the e2e clients, scenarios and demo stories run on
    /// it as on the in-process chain. Panics if the node cannot be reached.
    pub fn platform(&self, admin: &str, instrument_deposit: Balance) -> Platform {
        let backend = NodeBackend::connect(&self.url, "//Alice", self.clock.clone())
            .unwrap_or_else(|error| panic!("{error}"));
        let mut chain = Chain::on(Box::new(backend), &contracts::deployable(), |_, _| {})
            .unwrap_or_else(|error| panic!("{error}"));
        let admin = chain.account(admin);
        Platform::on(chain, admin, instrument_deposit)
    }
}

impl Drop for LocalNode {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn free_port() -> Result<u16, String> {
    let listener = TcpListener::bind("127.0.0.1:0").map_err(|error| error.to_string())?;
    listener
        .local_addr()
        .map(|address| address.port())
        .map_err(|error| error.to_string())
}
