//! `nuts`: the NUTS Platform's command-line tool.
//!
//! - `nuts demo [--instrument lending|borrowing|swap|multi-swap] [--version v1|v2|v3] [--json]`:
//!   builds the contracts, starts an in-process chain and tells one instrument's story
//!   (activation, deposits, its issuances from creation to settlement, deactivation). Lending
//!   (a repaid loan, a defaulted loan) is the default.
//! - `nuts build [--out DIR]`: every deployable contract's release Wasm, metadata (`.json`) and
//!   `.contract` bundle in DIR (default `bundles/`), then checks that every constructor and
//!   message in them has docs (exit 1 naming those that do not).
//! - `nuts bench`: every contract's release Wasm size, the weight and storage deposit of
//!   activate, create, engage and repay of lending on managers v1, v2 and v3 side by side (dry
//!   runs), and of every manager call in each instrument's demo story, as tables.

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
  nuts bench                                weights, storage deposits and Wasm sizes
  nuts --help";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.first().map(String::as_str) {
        Some("demo") => match parse_demo(&args[1..]) {
            Ok(options) => run_demo(options),
            Err(message) => usage_error(&message),
        },
        Some("bench") if args.len() == 1 => bench(),
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

fn bench() -> ExitCode {
    let built = match contracts::try_all() {
        Ok(built) => built,
        Err(error) => {
            eprintln!("nuts: {error}");
            return ExitCode::FAILURE;
        }
    };
    println!("| contract | release Wasm (bytes) |\n| --- | ---: |");
    for (contract, artifact) in built {
        println!("| {} | {} |", contract.name, artifact.wasm.len());
    }
    let versions = [ManagerVersion::V1, ManagerVersion::V2, ManagerVersion::V3];
    let mut tables = Vec::new();
    for version in versions {
        match bench::lending(version) {
            Ok(measurements) => tables.push(measurements),
            Err(error) => {
                eprintln!("nuts: {error}");
                return ExitCode::FAILURE;
            }
        }
    }
    println!(
        "\nLending on managers v1 | v2 | v3 (dry runs; ref_time, proof_size, storage deposit):\n"
    );
    println!("| call | ref_time v1 | v2 | v3 | proof_size v1 | v2 | v3 | deposit v1 | v2 | v3 |");
    println!("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
    for (row, first) in tables[0].iter().enumerate() {
        let costs: Vec<_> = tables.iter().map(|table| &table[row].cost).collect();
        let column = |f: &dyn Fn(&nuts_e2e::Cost) -> String| -> String {
            costs.iter().map(|c| f(c)).collect::<Vec<_>>().join(" | ")
        };
        println!(
            "| {} | {} | {} | {} |",
            first.call,
            column(&|c| c.ref_time.to_string()),
            column(&|c| c.proof_size.to_string()),
            column(&|c| c.storage_deposit.to_string()),
        );
    }
    println!("\nEvery instrument's manager calls, each the first of its kind in the instrument's demo story:\n");
    println!("| instrument | version | call | ref_time | proof_size | storage deposit |");
    println!("| --- | --- | --- | ---: | ---: | ---: |");
    for instrument in DemoInstrument::ALL {
        for &version in instrument.versions() {
            let options = DemoOptions {
                instrument,
                version,
                json: false,
            };
            let report = match demo::run(options, &mut std::io::sink()) {
                Ok(report) => report,
                Err(error) => {
                    eprintln!("nuts: {error}");
                    return ExitCode::FAILURE;
                }
            };
            let mut seen = Vec::new();
            for step in report.steps {
                if step.call.starts_with("InstrumentManager::") && !seen.contains(&step.call) {
                    println!(
                        "| {} | {version:?} | {} | {} | {} | {} |",
                        instrument.name(),
                        step.call,
                        step.cost.ref_time,
                        step.cost.proof_size,
                        step.cost.storage_deposit
                    );
                    seen.push(step.call);
                }
            }
        }
    }
    ExitCode::SUCCESS
}
