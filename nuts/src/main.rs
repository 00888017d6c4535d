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
//! - `nuts deploy [--url URL] [--suri SURI] [--examples] [--out DIR]`: the platform on a live
//!   node (default `ws://127.0.0.1:9944`, `//Alice`), recorded in `DIR/<chain>.json` (default
//!   `deployments/`); safe to run again.
//! - `nuts new instrument NAME [--version v1|v2|v3] [--dir DIR]`: a new instrument crate in
//!   `DIR/NAME` (default: the current directory), outside this workspace, depending on this
//!   checkout's crates by path: the contract (the cheque example, renamed, written for that
//!   interface version; default v1) and its conformance tests.
//! - `nuts keeper [--url URL] [--suri SURI] [--deployment FILE] [--from-block N] [--seal-idle]`:
//!   fires every scheduled event of every domain of the deployment's registry when it is due,
//!   until Ctrl-C.

#[cfg(feature = "sandbox")]
use std::io::Write;
use std::process::ExitCode;

use client::{bundles, contracts};
#[cfg(feature = "sandbox")]
use nuts::bench;
#[cfg(feature = "sandbox")]
use nuts::demo::{self, DemoInstrument, DemoOptions};
#[cfg(feature = "node")]
use nuts::{deploy, keeper};
use traits::ManagerVersion;

const USAGE: &str = "usage:
  nuts demo [--instrument lending|borrowing|swap|multi-swap] [--version v1|v2|v3] [--json]
                                            the whole platform on an embedded chain
  nuts build [--out DIR]                    bundles (.contract), metadata and Wasm of every contract
  nuts bench [--full] [--node] [--out FILE] costs against their floors, growth, Wasm sizes
  nuts deploy [--url URL] [--suri SURI] [--examples] [--out DIR]
                                            the platform on a live node (ws://127.0.0.1:9944, //Alice)
  nuts keeper [--url URL] [--suri SURI] [--deployment FILE] [--from-block N] [--seal-idle]
                                            fire scheduled events when due, until Ctrl-C
  nuts new instrument NAME [--version v1|v2|v3] [--dir DIR]
                                            a new instrument crate and its conformance tests
  nuts --help";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.first().map(String::as_str) {
        #[cfg(feature = "sandbox")]
        Some("demo") => match parse_demo(&args[1..]) {
            Ok(options) => run_demo(options),
            Err(message) => usage_error(&message),
        },
        #[cfg(feature = "sandbox")]
        Some("bench") => bench(&args[1..]),
        Some("build") => match &args[1..] {
            [] => build(std::path::Path::new("bundles")),
            [flag, dir] if flag == "--out" => build(std::path::Path::new(dir)),
            _ => usage_error("build takes only `--out DIR`"),
        },
        #[cfg(feature = "node")]
        Some("deploy") => deploy(&args[1..]),
        #[cfg(feature = "node")]
        Some("keeper") => keeper(&args[1..]),
        Some(command) if ["demo", "bench", "deploy", "keeper"].contains(&command) => usage_error(
            &format!("this nuts was built without `{command}` (cargo features `sandbox`, `node`)"),
        ),
        Some("new") => new(&args[1..]),
        Some("--help" | "-h" | "help") => {
            println!("{USAGE}");
            ExitCode::SUCCESS
        }
        Some(other) => usage_error(&format!("unknown command `{other}`")),
        None => usage_error("no command given"),
    }
}

/// `v1`, `v2`, `v3` (or `1`, `2`, `3`).
fn parse_version(text: &str) -> Option<ManagerVersion> {
    match text {
        "v1" | "1" => Some(ManagerVersion::V1),
        "v2" | "2" => Some(ManagerVersion::V2),
        "v3" | "3" => Some(ManagerVersion::V3),
        _ => None,
    }
}

fn usage_error(message: &str) -> ExitCode {
    eprintln!("nuts: {message}\n{USAGE}");
    ExitCode::from(2)
}

#[cfg(feature = "sandbox")]
fn parse_demo(args: &[String]) -> Result<DemoOptions, String> {
    let mut instrument = DemoInstrument::Lending;
    let mut version = None;
    let mut json = false;
    let mut args = args.iter();
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--json" => json = true,
            "--instrument" => {
                instrument = match args.next().map(String::as_str) {
                    Some("lending") => DemoInstrument::Lending,
                    Some("borrowing") => DemoInstrument::Borrowing,
                    Some("swap" | "spot-swap") => DemoInstrument::Swap,
                    Some("multi-swap") => DemoInstrument::MultiSwap,
                    other => {
                        return Err(format!(
                        "--instrument takes lending, borrowing, swap or multi-swap, not {other:?}"
                    ))
                    }
                }
            }
            "--version" => {
                let given = args.next().map(String::as_str);
                version = Some(match given.and_then(parse_version) {
                    Some(version) => version,
                    None => return Err(format!("--version takes v1, v2 or v3, not {given:?}")),
                })
            }
            other => return Err(format!("unknown option `{other}`")),
        }
    }
    let shipped = instrument.versions();
    // Lending ships on all three; its story defaults to v3 as it always has.
    let default = *shipped.last().expect("every instrument ships on a version");
    let version = version.unwrap_or(default);
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
// Without the `node` feature, `--node` is refused and `node` never read.
#[cfg_attr(not(feature = "node"), allow(unused_assignments, unused_variables))]
fn bench(args: &[String]) -> ExitCode {
    let mut mode = bench::Mode::Short;
    let mut out = None;
    #[cfg_attr(
        not(feature = "node"),
        allow(unused_mut, unused_variables, unused_assignments)
    )]
    let mut node = false;
    let mut args = args.iter();
    while let Some(arg) = args.next() {
        match (arg.as_str(), args.len()) {
            ("--full", _) => mode = bench::Mode::Full,
            ("--node", _) if cfg!(feature = "node") => node = true,
            ("--node", _) => return usage_error("bench --node: built without the `node` feature"),
            ("--out", 1..) => out = args.next().map(std::path::PathBuf::from),
            _ => return usage_error(&format!("bench: unexpected `{arg}`")),
        }
    }
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
            let written = std::fs::write(&path, markdown)
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
const DEFAULT_URL: &str = "ws://127.0.0.1:9944";
#[cfg(feature = "node")]
const DEFAULT_SURI: &str = "//Alice";

/// `--name value` options and `--flag` switches, in any order.
#[cfg(feature = "node")]
struct Flags {
    values: std::collections::BTreeMap<String, String>,
    switches: std::collections::BTreeSet<String>,
}

#[cfg(feature = "node")]
impl Flags {
    fn parse(args: &[String], valued: &[&str], switches: &[&str]) -> Result<Self, String> {
        let mut flags = Flags {
            values: Default::default(),
            switches: Default::default(),
        };
        let mut args = args.iter();
        while let Some(arg) = args.next() {
            if valued.contains(&arg.as_str()) {
                let value = args.next().ok_or(format!("{arg} needs a value"))?;
                flags.values.insert(arg.clone(), value.clone());
            } else if switches.contains(&arg.as_str()) {
                flags.switches.insert(arg.clone());
            } else {
                return Err(format!("unexpected `{arg}`"));
            }
        }
        Ok(flags)
    }

    fn value(&self, name: &str, default: &str) -> String {
        self.values
            .get(name)
            .cloned()
            .unwrap_or_else(|| default.to_string())
    }
}

#[cfg(feature = "node")]
fn deploy(args: &[String]) -> ExitCode {
    let flags = match Flags::parse(args, &["--url", "--suri", "--out"], &["--examples"]) {
        Ok(flags) => flags,
        Err(message) => return usage_error(&format!("deploy: {message}")),
    };
    let options = deploy::Options {
        url: flags.value("--url", DEFAULT_URL),
        suri: flags.value("--suri", DEFAULT_SURI),
        examples: flags.switches.contains("--examples"),
        dir: flags.value("--out", "deployments").into(),
        clock: None,
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

#[cfg(feature = "node")]
fn keeper(args: &[String]) -> ExitCode {
    let valued = ["--url", "--suri", "--deployment", "--from-block"];
    let flags = match Flags::parse(args, &valued, &["--seal-idle"]) {
        Ok(flags) => flags,
        Err(message) => return usage_error(&format!("keeper: {message}")),
    };
    let file = flags.value("--deployment", "deployments/local.json");
    let options = keeper::Options::from_deployment(
        std::path::Path::new(&file),
        flags.value("--url", DEFAULT_URL),
        flags.value("--suri", DEFAULT_SURI),
    );
    let mut options = match options {
        Ok(options) => options,
        Err(error) => {
            eprintln!("nuts: {error}");
            return ExitCode::FAILURE;
        }
    };
    if let Some(block) = flags.values.get("--from-block") {
        match block.parse() {
            Ok(block) => options.from_block = block,
            Err(_) => return usage_error("keeper: --from-block takes a block number"),
        }
    }
    options.seal_idle = flags.switches.contains("--seal-idle");
    let stop = keeper::stop_on_ctrl_c();
    match keeper::run(&options, &stop, |line| println!("{line}")) {
        Ok(_) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("nuts: {error}");
            ExitCode::FAILURE
        }
    }
}

fn new(args: &[String]) -> ExitCode {
    if args.iter().any(|arg| arg == "--help" || arg == "-h") {
        println!("{USAGE}");
        return ExitCode::SUCCESS;
    }
    let [kind, name, rest @ ..] = args else {
        return usage_error("new: `nuts new instrument NAME`");
    };
    if kind != "instrument" {
        return usage_error(&format!("new: unknown kind `{kind}` (only `instrument`)"));
    }
    let mut version = ManagerVersion::V1;
    let mut dir = std::path::PathBuf::from(".");
    let mut rest = rest.iter();
    while let Some(flag) = rest.next() {
        match (flag.as_str(), rest.next()) {
            ("--version", Some(v)) => match parse_version(v) {
                Some(v) => version = v,
                None => return usage_error(&format!("new: unknown version `{v}`")),
            },
            ("--dir", Some(d)) => dir = d.into(),
            ("--version" | "--dir", None) => {
                return usage_error(&format!("new: {flag} needs a value"))
            }
            _ => return usage_error(&format!("new: unexpected `{flag}`")),
        }
    }
    let platform = contracts::workspace_root();
    match nuts::scaffold::new_instrument(name, version, &dir, &platform) {
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
