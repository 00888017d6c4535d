//! A throw-away `substrate-contracts-node --dev` on free loopback ports, for tests; stopped when
//! dropped. Its wall clock follows an offset file (the `nuts_clock` preload, `client/clock/`, built
//! with the system C compiler), so that due times days away are reached in seconds.

use std::{
    net::{TcpListener, TcpStream},
    path::{Path, PathBuf},
    process::{Child, Command, Stdio},
    time::{Duration, Instant},
};

use crate::{chain::Chain, contracts, platform::Platform};
use traits::Balance;

use crate::node::NodeBackend;

/// The node binary's name (`scripts/install-node` installs it).
pub const NODE_BINARY: &str = "substrate-contracts-node";

/// A running dev node.
pub struct LocalNode {
    child: Child,
    /// How it was started, to start it again on the same database ([`LocalNode::restart`]).
    command: Command,
    rpc_port: u16,
    /// Its database (removed when dropped).
    base: PathBuf,
    /// Its RPC endpoint (`ws://127.0.0.1:<port>`).
    pub url: String,
    /// The offset file its wall clock follows (seconds ahead), if the clock preload was built.
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

    /// The clock preload (`client/clock/nuts_clock.c`), built once per process with the system C
    /// compiler (`cc` or `clang`); `None` without one.
    pub fn clock_library() -> Option<PathBuf> {
        static BUILT: std::sync::OnceLock<Option<PathBuf>> = std::sync::OnceLock::new();
        BUILT
            .get_or_init(|| {
                let source = Path::new(env!("CARGO_MANIFEST_DIR")).join("clock/nuts_clock.c");
                let source = if source.is_file() {
                    source
                } else {
                    contracts::workspace_root().join("client/clock/nuts_clock.c")
                };
                let library = std::env::temp_dir()
                    .join(format!("nuts-clock-{}", std::process::id()))
                    .join("libnuts_clock.so");
                std::fs::create_dir_all(library.parent()?).ok()?;
                ["cc", "clang"].into_iter().find_map(|compiler| {
                    let built = Command::new(compiler)
                        .args(["-shared", "-fPIC", "-O2", "-o"])
                        .arg(&library)
                        .arg(&source)
                        .status()
                        .ok()?;
                    built.success().then(|| library.clone())
                })
            })
            .clone()
    }

    /// Starts a dev node (instant seal: a block per transaction, finalised at once; the
    /// default state pruning: the last 256 blocks) on free ports, its database in a directory
    /// of its own, with the clock preload when it builds, and waits until its RPC answers.
    pub fn start() -> Result<Self, String> {
        Self::start_with(&[])
    }

    /// [`LocalNode::start`] with every host function a call runs written to its dry run's debug
    /// buffer ([`NodeBackend::last_trace`]): what `nuts bench --node` counts a call's storage
    /// accesses, nested calls and events from. Weights are the same as without it.
    pub fn start_traced() -> Result<Self, String> {
        Self::start_with(&["-lruntime::contracts::strace=trace"])
    }

    fn start_with(extra_args: &[&str]) -> Result<Self, String> {
        let binary = Self::binary()
            .ok_or("substrate-contracts-node is not installed (scripts/install-node)")?;
        let dir = std::env::temp_dir().join(format!("nuts-node-{}", std::process::id()));
        std::fs::create_dir_all(&dir).map_err(|error| error.to_string())?;
        let (rpc_port, p2p_port) = (free_port()?, free_port()?);
        let log = dir.join(format!("node-{rpc_port}.log"));
        let base = dir.join(format!("base-{rpc_port}"));
        let log_file = std::fs::File::create(&log).map_err(|error| error.to_string())?;
        let mut command = Command::new(binary);
        command
            .args(["--dev", "--no-telemetry", "--no-prometheus"])
            .arg("--base-path")
            .arg(&base)
            .args(["--rpc-port", &rpc_port.to_string()])
            .args(["--port", &p2p_port.to_string()])
            .args(extra_args)
            .stdout(Stdio::null())
            .stderr(log_file);
        let clock = Self::clock_library().map(|library| {
            let clock = dir.join(format!("clock-{rpc_port}"));
            let _ = std::fs::write(&clock, "+0\n");
            command
                .env("LD_PRELOAD", library)
                .env("NUTS_CLOCK_FILE", &clock);
            clock
        });
        let child = command
            .spawn()
            .map_err(|error| format!("starting {NODE_BINARY}: {error}"))?;
        let node = LocalNode {
            child,
            command,
            rpc_port,
            base,
            url: format!("ws://127.0.0.1:{rpc_port}"),
            clock,
            log,
        };
        node.wait_for_rpc()?;
        Ok(node)
    }

    /// Kills the node (SIGKILL: no clean shutdown) and leaves it down.
    pub fn kill(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }

    /// Starts the node again on the same database and ports (after [`LocalNode::kill`], or
    /// killing it first), and waits until its RPC answers.
    pub fn restart(&mut self) -> Result<(), String> {
        self.kill();
        let log = std::fs::OpenOptions::new()
            .append(true)
            .open(&self.log)
            .map_err(|error| error.to_string())?;
        self.command.stderr(log);
        self.child = self
            .command
            .spawn()
            .map_err(|error| format!("starting {NODE_BINARY} again: {error}"))?;
        self.wait_for_rpc()
    }

    fn wait_for_rpc(&self) -> Result<(), String> {
        let started = Instant::now();
        while TcpStream::connect(("127.0.0.1", self.rpc_port)).is_err() {
            if started.elapsed() > Duration::from_secs(120) {
                return Err(format!(
                    "the node did not open its RPC port in 120 s (log: {})",
                    self.log.display()
                ));
            }
            std::thread::sleep(Duration::from_millis(200));
        }
        Ok(())
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
        let backend = NodeBackend::connect(&self.url, None, self.clock.clone())
            .unwrap_or_else(|error| panic!("{error}"));
        let mut chain = Chain::on(Box::new(backend), &contracts::deployable(), |_, _| {})
            .unwrap_or_else(|error| panic!("{error}"));
        let admin = chain.account(admin);
        Platform::on(chain, admin, instrument_deposit)
    }
}

impl Drop for LocalNode {
    fn drop(&mut self) {
        self.kill();
        let _ = std::fs::remove_dir_all(&self.base);
    }
}

fn free_port() -> Result<u16, String> {
    let listener = TcpListener::bind("127.0.0.1:0").map_err(|error| error.to_string())?;
    listener
        .local_addr()
        .map(|address| address.port())
        .map_err(|error| error.to_string())
}
