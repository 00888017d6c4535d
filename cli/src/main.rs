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

use std::{io::Write, process::ExitCode};

use nuts_e2e::{
    bench, bundles, contracts,
    demo::{self, DemoInstrument, DemoOptions},
};
use traits::ManagerVersion;

const USAGE: &str = "usage:
  nuts demo [--instrument lending|borrowing|swap|multi-swap] [--version v1|v2|v3] [--json]
                                            the whole platform on an embedded chain
  nuts build [--out DIR]                    bundles (.contract), metadata and Wasm of every contract
  nuts bench [--full] [--out FILE]          costs against their floors, growth, Wasm sizes
  nuts --help";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.first().map(String::as_str) {
        Some("demo") => match parse_demo(&args[1..]) {
            Ok(options) => run_demo(options),
            Err(message) => usage_error(&message),
        },
        Some("bench") => bench(&args[1..]),
        Some("build") => match &args[1..] {
            [] => build(std::path::Path::new("bundles")),
            [flag, dir] if flag == "--out" => build(std::path::Path::new(dir)),
            _ => usage_error("build takes only `--out DIR`"),
        },
        Some("--help" | "-h" | "help") => {
            println!("{USAGE}");
            ExitCode::SUCCESS
        }
        Some(other) => usage_error(&format!("unknown command `{other}`")),
        None => usage_error("no command given"),
    }
}

fn usage_error(message: &str) -> ExitCode {
    eprintln!("nuts: {message}\n{USAGE}");
    ExitCode::from(2)
}

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
                version = Some(match args.next().map(String::as_str) {
                    Some("v1" | "1") => ManagerVersion::V1,
                    Some("v2" | "2") => ManagerVersion::V2,
                    Some("v3" | "3") => ManagerVersion::V3,
                    other => return Err(format!("--version takes v1, v2 or v3, not {other:?}")),
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

fn run_demo(options: DemoOptions) -> ExitCode {
    if let Err(error) = contracts::try_all() {
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

fn bench(args: &[String]) -> ExitCode {
    let mut mode = bench::Mode::Short;
    let mut out = None;
    let mut args = args.iter();
    while let Some(arg) = args.next() {
        match (arg.as_str(), args.len()) {
            ("--full", _) => mode = bench::Mode::Full,
            ("--out", 1..) => out = args.next().map(std::path::PathBuf::from),
            _ => return usage_error(&format!("bench: unexpected `{arg}`")),
        }
    }
    if let Err(error) = contracts::try_all() {
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
