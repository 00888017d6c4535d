//! `nuts`: the NUTS Platform's command-line tool.
//!
//! - `nuts demo [--instrument lending|borrowing|swap|multi-swap] [--version v1|v2|v3] [--json]`:
//!   builds the contracts, starts an in-process chain and tells one instrument's story
//!   (activation, deposits, its issuances from creation to settlement, deactivation). Lending
//!   (a repaid loan, a defaulted loan) is the default.
//! - `nuts build [--out DIR]`: every deployable contract's release Wasm, metadata (`.json`) and
//!   `.contract` bundle in DIR (default `bundles/`), then checks that every constructor and
//!   message in them has docs (exit 1 naming those that do not).
//! - `nuts bench [--full] [--out BENCHMARKS.md]`: every contract's release Wasm size, and the
//!   weight and storage deposit of every operation of every instrument on every version (dry
//!   runs), each against its floor (the bare PSP22 moves it must make, measured in the same run),
//!   with growth over issuances and multi-swap takers; `--out` also writes the JSON beside it.
//!   `--node` adds every demo story's calls on a dev node it starts (substrate-contracts-node
//!   installed, and a C compiler for its clock preload) beside the same calls in process.
//! - `nuts deploy [--url URL] [--examples] [--out DIR] [--redeploy-stale]`: the platform on a
//!   live node (default `ws://127.0.0.1:9944`), recorded in `DIR/<chain>.json` (default
//!   `deployments/`) with the chain's genesis hash; run again, it first checks the record
//!   against the chain.
//! - `nuts new instrument NAME [--version v1|v2|v3] [--dir DIR]`: a new instrument crate in
//!   `DIR/NAME` (default: the current directory), outside this workspace, depending on this
//!   checkout's crates by path: the contract (the cheque example, renamed, written for that
//!   interface version; default v1) and its conformance tests.
//! - `nuts keeper [--deployment FILE] [--seal-idle] [--once] [--domains IDS] [--max-*-per-hour N]`:
//!   fires every scheduled event of every domain of the deployment's registry when it is due,
//!   within each domain's budget, until Ctrl-C or SIGTERM.
//! - The signer, for every command that signs: `--suri`, `--suri-file FILE` (mode 600) or the
//!   environment variable `NUTS_SURI`; a development chain signs as //Alice without one.
//! - The user commands, on the deployment of `--deployment FILE` (default
//!   `deployments/local.json`) on the node at `--url`, signed by the signer, asking before
//!   sending unless `--yes`, `--json` for programs (see [`nuts::user`]): `offers`, `show`,
//!   `balances`, `config`; `deposit`, `withdraw`, `transfer`; `lend`, `borrow`, `swap`,
//!   `multi-swap`, `engage`, `repay`, `cancel`, `renew`, `close`; `activate` and `fsp` for the
//!   FSP.
//!
//! Arguments are parsed by clap; `nuts --help` and `nuts COMMAND --help` describe each option.

#[cfg(feature = "sandbox")]
use std::io::Write;
use std::{path::PathBuf, process::ExitCode};

use clap::{Parser, Subcommand};
#[cfg(feature = "build")]
use client::bundles;
use client::contracts;
use nuts::args::{Instrument, KeeperArgs, On, UserCommand, Version};
#[cfg(feature = "sandbox")]
use nuts::bench;
#[cfg(feature = "sandbox")]
use nuts::demo::{self, DemoInstrument, DemoOptions};
#[cfg(feature = "node")]
use nuts::{app, deploy, keeper, user};
use traits::ManagerVersion;

/// The NUTS Platform's command-line tool.
#[derive(Debug, Parser)]
#[command(name = "nuts", version, about)]
struct Cli {
    #[command(flatten)]
    on: On,
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// The whole platform on an embedded chain: one instrument's story, activation to
    /// settlement.
    Demo {
        /// Whose story.
        #[arg(long, value_enum, default_value_t = Instrument::Lending)]
        instrument: Instrument,
        /// The manager interface version (default: the newest the instrument ships on).
        #[arg(long, value_enum)]
        version: Option<Version>,
    },
    /// Bundles (.contract), metadata and Wasm of every deployable contract, docs checked.
    Build {
        /// Where to write them.
        #[arg(long, default_value = "bundles")]
        out: PathBuf,
    },
    /// Every operation's cost against its floor, growth, and Wasm sizes (dry runs).
    Bench {
        /// Growth to the 1000th issuance instead of the 100th.
        #[arg(long)]
        full: bool,
        /// Also every demo story's calls on a dev node (substrate-contracts-node installed).
        #[arg(long)]
        node: bool,
        /// Write the report (Markdown, and JSON beside it) instead of printing it.
        #[arg(long)]
        out: Option<PathBuf>,
    },
    /// The platform on a live node, recorded in OUT/<chain>.json; safe to run again.
    Deploy {
        /// Also deploy and activate the example instruments (refused off dev chains).
        #[arg(long)]
        examples: bool,
        /// Where the deployment record goes.
        #[arg(long, default_value = "deployments")]
        out: PathBuf,
        /// Off development chains, deploy new contracts for what a re-run finds stale, instead
        /// of refusing.
        #[arg(long)]
        redeploy_stale: bool,
    },
    /// The web app for makers and takers on 127.0.0.1: the offer book, deposits, offers,
    /// engagements and repayments, signed in the browser (its wallet extension, or a dev
    /// account on a development chain).
    App {
        /// The port (0: any free one; the address is printed).
        #[arg(long, default_value_t = 8080)]
        port: u16,
        /// Where the contract bundles are (built there by `nuts build` if missing).
        #[arg(long, default_value = "bundles")]
        bundles: PathBuf,
        /// Print one line per request answered to stderr (method, path, status, size, time).
        #[arg(long)]
        log: bool,
    },
    /// Fires every scheduled event of the deployment's domains when it is due, within each
    /// domain's budget, until Ctrl-C or SIGTERM (or once, with --once).
    Keeper(KeeperArgs),
    /// Scaffolds something new outside this workspace.
    New {
        #[command(subcommand)]
        what: New,
    },
    #[command(flatten)]
    User(UserCommand),
}

#[derive(Debug, Subcommand)]
enum New {
    /// A new instrument crate (contract, rules, conformance tests) in DIR/NAME, depending on
    /// this checkout's crates by path.
    Instrument {
        /// The crate's name: a lower-case Rust identifier.
        name: String,
        /// The manager interface it is written for.
        #[arg(long, value_enum, default_value_t = Version::V1)]
        version: Version,
        /// Where to make it (outside this checkout).
        #[arg(long, default_value = ".")]
        dir: PathBuf,
    },
}

fn main() -> ExitCode {
    let Cli { on, command } = Cli::parse();
    match command {
        #[cfg(feature = "sandbox")]
        Command::Demo {
            instrument,
            version,
        } => match demo_options(instrument, version, on.json) {
            Ok(options) => run_demo(options),
            Err(message) => usage_error(&message),
        },
        #[cfg(feature = "sandbox")]
        Command::Bench { full, node, out } => bench(full, node, out),
        #[cfg(feature = "build")]
        Command::Build { out } => build(&out),
        #[cfg(feature = "node")]
        Command::Deploy {
            examples,
            out,
            redeploy_stale,
        } => deploy(on, examples, out, redeploy_stale),
        #[cfg(feature = "node")]
        Command::Keeper(args) => keeper(on, args),
        #[cfg(feature = "node")]
        Command::App {
            port,
            bundles,
            log,
        } => app(on, port, bundles, log),
        #[cfg(feature = "node")]
        Command::User(command) => user(on, command),
        Command::New {
            what:
                New::Instrument {
                    name,
                    version,
                    dir,
                },
        } => new_instrument(&name, version.into(), &dir),
        #[allow(unreachable_patterns)] // with both features every command is handled above
        command => usage_error(&format!(
            "this nuts was built without what `{command:?}` needs (cargo features `sandbox`, `node`, \
             `build`)"
        )),
    }
}

fn usage_error(message: &str) -> ExitCode {
    eprintln!("nuts: {message} (see nuts --help)");
    ExitCode::from(2)
}

#[cfg(feature = "sandbox")]
fn demo_options(
    instrument: Instrument,
    version: Option<Version>,
    json: bool,
) -> Result<DemoOptions, String> {
    let instrument = match instrument {
        Instrument::Lending => DemoInstrument::Lending,
        Instrument::Borrowing => DemoInstrument::Borrowing,
        Instrument::Swap => DemoInstrument::Swap,
        Instrument::MultiSwap => DemoInstrument::MultiSwap,
    };
    let shipped = instrument.versions();
    // Lending ships on all three; its story defaults to v3 as it always has.
    let default = *shipped.last().expect("every instrument ships on a version");
    let version = version.map_or(default, ManagerVersion::from);
    if !shipped.contains(&version) {
        return Err(format!(
            "{} ships on {shipped:?}, not {version:?}",
            instrument.name()
        ));
    }
    Ok(DemoOptions {
        instrument,
        version,
        json,
    })
}

#[cfg(feature = "sandbox")]
fn run_demo(options: DemoOptions) -> ExitCode {
    // Without the `build` feature the contracts come from `prebuilt/`, which must match the
    // sources: exit status 3 tells scripts/demo to build them from source instead.
    if !cfg!(feature = "build") {
        if let Err(error) = client::prebuilt::check() {
            eprintln!("nuts: {error}");
            return ExitCode::from(3);
        }
    }
    // The platform's contracts built first, so that a build failure is a message, not a panic
    // in the story; the instrument builds when the story deploys it.
    if let Err(error) = contracts::artifacts(contracts::PLATFORM) {
        eprintln!("nuts: {error}");
        return ExitCode::FAILURE;
    }
    let mut stdout = std::io::stdout().lock();
    match demo::run(options, &mut stdout) {
        Ok(_) => ExitCode::SUCCESS,
        Err(error) => {
            let _ = stdout.flush();
            eprintln!("nuts: {error}");
            ExitCode::FAILURE
        }
    }
}

#[cfg(feature = "build")]
fn build(out: &std::path::Path) -> ExitCode {
    eprintln!(
        "building {} contracts with metadata into {} (the first build takes minutes)...",
        contracts::deployable().len(),
        out.display()
    );
    let built = bundles::build(out, |index, total, name, seconds| {
        eprintln!("  [{index}/{total}] {name} ({seconds:.1}s)");
    });
    let built = match built {
        Ok(built) => built,
        Err(error) => {
            eprintln!("nuts: {error}");
            return ExitCode::FAILURE;
        }
    };
    println!("| contract | bundle | release Wasm (bytes) |\n| --- | --- | ---: |");
    let mut undocumented = Vec::new();
    for bundle in &built {
        println!(
            "| {} | {} | {} |",
            bundle.contract.name,
            bundle.bundle.display(),
            bundle.wasm_size
        );
        match bundles::read_json(&bundle.metadata) {
            Ok(metadata) => undocumented.extend(
                bundles::undocumented(&metadata)
                    .into_iter()
                    .map(|item| format!("{}: {item}", bundle.contract.name)),
            ),
            Err(error) => undocumented.push(error),
        }
    }
    if undocumented.is_empty() {
        println!(
            "\nevery constructor and message of the {} bundles has docs",
            built.len()
        );
        ExitCode::SUCCESS
    } else {
        eprintln!("nuts: without docs:\n  {}", undocumented.join("\n  "));
        ExitCode::FAILURE
    }
}

#[cfg(feature = "sandbox")]
// Without the `node` feature, `--node` is refused and `node` never read further.
#[cfg_attr(not(feature = "node"), allow(unused_variables))]
fn bench(full: bool, node: bool, out: Option<PathBuf>) -> ExitCode {
    if node && !cfg!(feature = "node") {
        return usage_error("bench --node: built without the `node` feature");
    }
    let mode = if full {
        bench::Mode::Full
    } else {
        bench::Mode::Short
    };
    if let Err(error) = contracts::artifacts(contracts::ALL) {
        eprintln!("nuts: {error}");
        return ExitCode::FAILURE;
    }
    eprintln!(
        "measuring (dry runs; growth to the {} issuance)...",
        match mode {
            bench::Mode::Short => "100th",
            bench::Mode::Full => "1000th",
        }
    );
    let report = match bench::run(mode) {
        Ok(report) => report,
        Err(error) => {
            eprintln!("nuts: {error}");
            return ExitCode::FAILURE;
        }
    };
    #[cfg(feature = "node")]
    let report = match node.then(|| bench::compare_on_node(|line| eprintln!("  {line}"))) {
        None => report,
        Some(Ok(comparison)) => bench::Report {
            node: Some(comparison),
            ..report
        },
        Some(Err(error)) => {
            eprintln!("nuts: {error}");
            return ExitCode::FAILURE;
        }
    };
    let markdown = report.markdown();
    match out {
        None => print!("{markdown}"),
        Some(path) => {
            let json = path.with_extension("json");
            // The hand-written history of changes and their before/after numbers survives.
            let history = std::fs::read_to_string(&path)
                .ok()
                .and_then(|old| old.find(bench::HISTORY).map(|at| old[at..].to_string()));
            let markdown = match history {
                Some(history) => format!("{markdown}\n{history}"),
                None => markdown,
            };
            let folder = path
                .parent()
                .filter(|folder| !folder.as_os_str().is_empty());
            let written = folder
                .map_or(Ok(()), std::fs::create_dir_all)
                .and_then(|()| std::fs::write(&path, markdown))
                .and_then(|()| std::fs::write(&json, report.json_text()));
            if let Err(error) = written {
                eprintln!("nuts: writing {}: {error}", path.display());
                return ExitCode::FAILURE;
            }
            eprintln!("wrote {} and {}", path.display(), json.display());
        }
    }
    ExitCode::SUCCESS
}

#[cfg(feature = "node")]
fn deploy(on: On, examples: bool, out: PathBuf, redeploy_stale: bool) -> ExitCode {
    let secret = match signer(&on) {
        Ok(secret) => secret,
        Err(code) => return code,
    };
    let options = deploy::Options {
        url: on.url,
        secret,
        examples,
        dir: out,
        clock: None,
        redeploy_stale,
    };
    match deploy::deploy(&options, |line| eprintln!("  {line}")) {
        Ok(deployment) => {
            println!("{}", deployment.file.display());
            ExitCode::SUCCESS
        }
        Err(error) => {
            eprintln!("nuts: {error}");
            ExitCode::FAILURE
        }
    }
}

/// The signer's secret `on` gives (see [`On::secret`]), with a warning when it came on the
/// command line and is no development key.
#[cfg(feature = "node")]
fn signer(on: &On) -> Result<Option<client::node::Secret>, ExitCode> {
    match on.secret() {
        Ok(secret) => {
            if on.suri.is_some() && secret.as_ref().is_some_and(|secret| !secret.is_dev_key()) {
                eprintln!(
                    "nuts: warning: a secret given with --suri shows in the process list; prefer \
                     {} or --suri-file",
                    nuts::args::SURI_VARIABLE
                );
            }
            Ok(secret)
        }
        Err(error) => {
            eprintln!("nuts: signer: {error}");
            Err(ExitCode::FAILURE)
        }
    }
}

#[cfg(feature = "node")]
fn keeper(on: On, args: KeeperArgs) -> ExitCode {
    let secret = match signer(&on) {
        Ok(secret) => secret,
        Err(code) => return code,
    };
    let options = keeper::Options::from_deployment(&on.deployment, on.url, secret);
    let mut options = match options {
        Ok(options) => options,
        Err(error) => {
            eprintln!("nuts: {error}");
            return ExitCode::FAILURE;
        }
    };
    options.seal_idle = args.seal_idle;
    options.once = args.once;
    options.budget = keeper::Budget::from(&args);
    options.domains = (!args.domains.is_empty()).then(|| args.domains.iter().copied().collect());
    let stop = keeper::stop_on_signal();
    match keeper::run(&options, &stop, |line| println!("{line}")) {
        Ok(_) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("nuts: {error}");
            ExitCode::FAILURE
        }
    }
}

/// A user command on the deployment `on` names, signed by `on.suri`.
#[cfg(feature = "node")]
fn user(on: On, command: UserCommand) -> ExitCode {
    let json = on.json;
    let session = user::connect(&on, move |line| {
        if json {
            eprintln!("{line}")
        } else {
            println!("{line}")
        }
    });
    let result = session.and_then(|mut session| user::run(command, &mut session));
    match result {
        Ok(value) => {
            if json {
                println!("{value}");
            }
            ExitCode::SUCCESS
        }
        Err(error) => {
            eprintln!("nuts: {}", error.said());
            if json {
                println!(
                    "{}",
                    serde_json::json!({
                        "error": error.to_string(),
                        "changed_nothing": error.changed_nothing(),
                        "sent": error.was_sent(),
                    })
                );
            }
            ExitCode::FAILURE
        }
    }
}

fn new_instrument(name: &str, version: ManagerVersion, dir: &std::path::Path) -> ExitCode {
    let platform = contracts::workspace_root();
    match nuts::scaffold::new_instrument(name, version, dir, &platform) {
        Ok(made) => {
            println!("{}", made.display());
            let issuance = match version {
                ManagerVersion::V3 => format!(", its per-issuance contract in {name}_issuance/"),
                _ => String::new(),
            };
            eprintln!(
                "made {name} (interface v{}): its contract in {name}/{issuance}, its conformance \
                 tests in {name}_tests/; run `cargo test` in {} (the first run builds the \
                 platform's contracts)",
                version as u8 + 1,
                made.display()
            );
            ExitCode::SUCCESS
        }
        Err(error) => {
            eprintln!("nuts: {error}");
            ExitCode::FAILURE
        }
    }
}

/// `nuts app`: the bundles and the page's Polkadot.js packages made ready if missing (each
/// step said), then the session, then the server until Ctrl-C.
#[cfg(feature = "node")]
fn app(mut on: On, port: u16, bundles: PathBuf, log: bool) -> ExitCode {
    let page = contracts::workspace_root().join("app");
    if !bundles.join("lending_forms.contract").exists() {
        eprintln!(
            "nuts app: no bundles in {}: building them (nuts build)",
            bundles.display()
        );
        if build(&bundles) != ExitCode::SUCCESS {
            return ExitCode::FAILURE;
        }
    }
    if !page.join("node_modules/@polkadot/api").exists() {
        eprintln!(
            "nuts app: installing the page's pinned packages (npm ci in {})",
            page.display()
        );
        let installed = std::process::Command::new("npm")
            .args(["ci", "--no-audit", "--no-fund", "--silent"])
            .current_dir(&page)
            .status();
        if !installed.is_ok_and(|status| status.success()) {
            eprintln!(
                "nuts app: npm ci failed in {} (Node.js and npm are needed)",
                page.display()
            );
            return ExitCode::FAILURE;
        }
    }
    let record = std::fs::read_to_string(&on.deployment)
        .map_err(|error| error.to_string())
        .and_then(|text| serde_json::from_str(&text).map_err(|error| error.to_string()));
    let record: serde_json::Value = match record {
        Ok(record) => record,
        Err(error) => {
            eprintln!("nuts app: {}: {error}", on.deployment.display());
            return ExitCode::FAILURE;
        }
    };
    // The server only reads and dry-runs (people sign in their browsers): its session holds
    // a throw-away key made here, so that no chain asks it for a signer.
    let mut seed = [0u8; 32];
    let random = std::fs::File::open("/dev/urandom")
        .and_then(|mut file| std::io::Read::read_exact(&mut file, &mut seed));
    if let Err(error) = random {
        eprintln!("nuts app: reading /dev/urandom: {error}");
        return ExitCode::FAILURE;
    }
    on.suri = Some(format!("0x{}", client::node::hex(&seed)));
    on.suri_file = None;
    let mut session = match user::connect(&on, |_| {}) {
        Ok(session) => session,
        Err(error) => {
            eprintln!("nuts app: {error}");
            return ExitCode::FAILURE;
        }
    };
    let dev = session
        .chain
        .backend::<client::node::NodeBackend>()
        .is_some_and(|node| node.is_dev_chain().unwrap_or(false));
    let served = app::App::new(session, &record, &on.url, dev, page, bundles)
        .map_err(|error| error.to_string())
        .and_then(|served| {
            app::serve(served, port, log, |address| {
                println!("nuts app: serving {address} (Ctrl-C stops it)");
            })
        });
    match served {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("nuts app: {error}");
            ExitCode::FAILURE
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;
    use nuts::args::{FspCommand, Side};

    fn parse(line: &str) -> Result<Command, clap::error::ErrorKind> {
        parse_all(line).map(|cli| cli.command)
    }

    fn parse_all(line: &str) -> Result<Cli, clap::error::ErrorKind> {
        Cli::try_parse_from(line.split_whitespace()).map_err(|error| error.kind())
    }

    #[test]
    fn the_commands_are_well_formed() {
        Cli::command().debug_assert();
    }

    #[test]
    fn arguments_become_the_right_command() {
        assert!(matches!(
            parse("nuts demo"),
            Ok(Command::Demo {
                instrument: Instrument::Lending,
                version: None,
            })
        ));
        assert!(matches!(
            parse_all("nuts demo --instrument spot-swap --version 1 --json"),
            Ok(Cli {
                command: Command::Demo {
                    instrument: Instrument::Swap,
                    version: Some(Version::V1),
                },
                on: On { json: true, .. },
            })
        ));
        assert!(matches!(
            parse("nuts bench --full --out B.md"),
            Ok(Command::Bench { full: true, node: false, out: Some(out) }) if out == std::path::Path::new("B.md")
        ));
        assert!(matches!(
            parse_all("nuts keeper --seal-idle --domains 1,3 --max-firings-per-hour 5 --url ws://node:9944"),
            Ok(Cli { command: Command::Keeper(KeeperArgs { seal_idle: true, once: false, domains, max_firings_per_hour: 5, .. }), on })
                if on.url == "ws://node:9944" && on.suri.is_none() && domains == [1, 3]
                    && on.deployment == std::path::Path::new("deployments/local.json")
        ));
        // The user commands, with the global options anywhere on the line.
        assert!(matches!(
            parse_all("nuts lend 3 --principal 10000USD --collateral 150%GOLD --tenor 30d --rate 0.1%/day --suri //Bob --yes --json"),
            Ok(Cli {
                command: Command::User(UserCommand::Lend { domain: 3, terms }),
                on: On { yes: true, json: true, suri, .. },
            }) if terms.principal == "10000USD" && terms.collateral == "150%GOLD"
                && terms.open == "7d" && terms.bound.is_none() && suri.as_deref() == Some("//Bob")
        ));
        assert!(matches!(
            parse("nuts engage 6 1 --output 30GOLD"),
            Ok(Command::User(UserCommand::Engage { domain: 6, issuance: 1, output: Some(output) }))
                if output == "30GOLD"
        ));
        assert!(matches!(
            parse("nuts --deployment d/x.json offers"),
            Ok(Command::User(UserCommand::Offers))
        ));
        assert!(matches!(
            parse("nuts fsp 2 whitelist taker on"),
            Ok(Command::User(UserCommand::Fsp { domain: 2, change: FspCommand::Whitelist { side: Side::Taker, state } }))
                if state == "on"
        ));
        assert!(matches!(
            parse("nuts new instrument bond --version v3 --dir /tmp/fsp"),
            Ok(Command::New { what: New::Instrument { name, version: Version::V3, dir } })
                if name == "bond" && dir == std::path::Path::new("/tmp/fsp")
        ));
    }

    #[test]
    fn bad_arguments_are_refused_before_anything_runs() {
        use clap::error::ErrorKind;
        assert_eq!(
            parse("nuts demo --version v4").err(),
            Some(ErrorKind::InvalidValue)
        );
        assert_eq!(
            parse("nuts demo --instrument bond").err(),
            Some(ErrorKind::InvalidValue)
        );
        assert_eq!(
            parse("nuts keeper --max-firings-per-hour many").err(),
            Some(ErrorKind::ValueValidation)
        );
        assert_eq!(
            parse("nuts keeper --suri //Bob --suri-file key").err(),
            Some(ErrorKind::ArgumentConflict)
        );
        assert_eq!(
            parse("nuts deploy --colour").err(),
            Some(ErrorKind::UnknownArgument)
        );
        assert_eq!(
            parse("nuts new instrument").err(),
            Some(ErrorKind::MissingRequiredArgument)
        );
        assert_eq!(parse("nuts fly").err(), Some(ErrorKind::InvalidSubcommand));
        assert_eq!(
            parse("nuts show one 1").err(),
            Some(ErrorKind::ValueValidation)
        );
        assert_eq!(
            parse("nuts lend 1 --principal 5USD").err(),
            Some(ErrorKind::MissingRequiredArgument)
        );
        assert_eq!(
            parse("nuts fsp 1 whitelist maker maybe").err(),
            Some(ErrorKind::InvalidValue)
        );
        assert_eq!(
            parse("nuts").err(),
            Some(ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand)
        );
    }
}
